package io.qscale.rules.metrics;

/**
 * Where snapshots come from: the Redis collector in production, a table of values in tests of
 * pure logic. Implementations say whether they are thread-safe.
 */
@FunctionalInterface
public interface MetricsSource {

    /** Takes one snapshot now. Throws when the source is unreachable; never returns null. */
    MetricsSnapshot snapshot();
}
