/**
 * API. The metrics model every decision reads: {@code MetricsSnapshot} (with its builder),
 * {@code HostLoad}, {@code PoolCpu}, and the {@code MetricsSource} seam. Plain immutable records,
 * no I/O, so the rules engine reads them without Lettuce.
 */
package io.qscale.rules.metrics;
