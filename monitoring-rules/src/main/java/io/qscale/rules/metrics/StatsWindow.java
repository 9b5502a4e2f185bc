package io.qscale.rules.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Arrays;

/**
 * The windowed statistics of a queue, computed from its time buckets (see docs/protocol.md):
 * rates over the rate window, success rate and processing times over the statistics window.
 * Pure and immutable: the collector reads it from Redis, the simulator from its own buckets.
 *
 * @param arrivalRate tasks enqueued per second
 * @param completionRate tasks completed per second
 * @param failureRate failed attempts per second
 * @param successRate completed over completed plus failed, 1 when nothing finished
 * @param avgProcessingTime mean processing time, zero without samples
 * @param p95ProcessingTime 95th percentile from the histogram, zero without samples
 * @param samples timed tasks in the statistics window
 */
public record StatsWindow(double arrivalRate, double completionRate, double failureRate, double successRate,
        Duration avgProcessingTime, Duration p95ProcessingTime, long samples) {

    /** Histogram bins are 10 % wide: bin k holds times in [1.1^(k-1), 1.1^k) ms, bin 0 those under 1 ms. */
    static final double BIN_GROWTH = 1.1;

    /**
     * One statistics bucket as stored in Redis.
     *
     * @param startSecond epoch second at which the bucket starts
     * @param fields its counters: a, c, f, d, r, n, s and h&lt;bin&gt;
     */
    public record Bucket(long startSecond, Map<String, Long> fields) {

        long get(String field) {
            return fields.getOrDefault(field, 0L);
        }
    }

    /** Aggregates the buckets returned by the snapshot script as of {@code nowMillis}. */
    public static StatsWindow of(List<Bucket> buckets, long nowMillis, Duration bucket, Duration rateWindow) {
        long bucketSeconds = bucket.toSeconds();
        long rateStart = Math.floorDiv(nowMillis - rateWindow.toMillis(), bucketSeconds * 1000) * bucketSeconds;
        double rateSpanSeconds = Math.max(1.0, (nowMillis - rateStart * 1000) / 1000.0);
        long arrivals = 0;
        long completions = 0;
        long failures = 0;
        long allCompletions = 0;
        long allFailures = 0;
        long samples = 0;
        long sumMillis = 0;
        long[] histogram = new long[0];
        for (Bucket b : buckets) {
            if (b.startSecond() >= rateStart) {
                arrivals += b.get("a");
                completions += b.get("c");
                failures += b.get("f");
            }
            allCompletions += b.get("c");
            allFailures += b.get("f");
            samples += b.get("n");
            sumMillis += b.get("s");
            for (Map.Entry<String, Long> field : b.fields().entrySet()) {
                if (field.getKey().startsWith("h")) {
                    int bin = Integer.parseInt(field.getKey().substring(1));
                    if (bin >= histogram.length) {
                        histogram = Arrays.copyOf(histogram, bin + 1);
                    }
                    histogram[bin] += field.getValue();
                }
            }
        }
        long finished = allCompletions + allFailures;
        return new StatsWindow(arrivals / rateSpanSeconds, completions / rateSpanSeconds, failures / rateSpanSeconds,
                finished == 0 ? 1.0 : (double) allCompletions / finished,
                samples == 0 ? Duration.ZERO : Duration.ofMillis(Math.round((double) sumMillis / samples)),
                percentile(histogram, 0.95), samples);
    }

    /** The {@code q} quantile of a histogram of 10 %-wide bins, as the bin's geometric middle. */
    static Duration percentile(long[] histogram, double q) {
        long total = 0;
        for (long count : histogram) {
            total += count;
        }
        if (total == 0) {
            return Duration.ZERO;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int bin = 0; bin < histogram.length; bin++) {
            seen += histogram[bin];
            if (seen >= rank) {
                return bin == 0 ? Duration.ZERO : Duration.ofMillis(Math.round(Math.pow(BIN_GROWTH, bin - 0.5)));
            }
        }
        throw new IllegalStateException("unreachable: rank " + rank + " beyond total " + total);
    }
}
