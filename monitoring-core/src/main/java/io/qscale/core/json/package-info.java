/**
 * API. The one JSON mapper (Jackson, with java.time and Optional support) every module uses.
 */
package io.qscale.core.json;
