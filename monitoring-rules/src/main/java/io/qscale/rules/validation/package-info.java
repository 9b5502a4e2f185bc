/**
 * API. {@code Require}: the one value check every module uses, with messages that name the field,
 * the bad value and what is allowed ("tick must be > 0, but was PT0S").
 */
package io.qscale.rules.validation;
