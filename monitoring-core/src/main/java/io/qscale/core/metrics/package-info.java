/**
 * API. {@code MetricsCollector} (one snapshot in one round trip), {@code WorkerCensus} (the
 * slow, worker-by-worker count the snapshot's counters must equal) and the {@code HostMetrics}
 * seam with its OSHI implementation. The time-bucketed statistics become rates and percentiles
 * in {@code io.qscale.rules.metrics.StatsWindow} (pure, shared with the simulator).
 */
package io.qscale.core.metrics;
