/**
 * API. The one place that formats durations, percentages, rates and sizes for people.
 */
package io.qscale.rules.format;
