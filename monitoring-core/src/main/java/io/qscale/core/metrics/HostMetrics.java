package io.qscale.core.metrics;

import io.qscale.rules.metrics.HostLoad;

/** Where host CPU and memory come from. Implementations say whether they are thread-safe. */
@FunctionalInterface
public interface HostMetrics {

    /** A source that knows nothing: for embedders who do not want host metrics. */
    HostMetrics NONE = () -> HostLoad.UNKNOWN;

    /** CPU load since the previous sample, and memory now. */
    HostLoad sample();
}
