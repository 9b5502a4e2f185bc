/**
 * API. {@code MetricsCollector} (one snapshot in one round trip) and the {@code HostMetrics} seam
 * with its OSHI implementation. Internal: {@code StatsWindow}, which turns the time-bucketed
 * statistics into rates and percentiles.
 */
package io.qscale.core.metrics;
