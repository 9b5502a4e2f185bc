package io.qscale.manager;

import io.qscale.rules.validation.Require;
import java.time.Duration;

/**
 * How long the manager waits before it asks a failing scaler again: {@code first}, then twice
 * the previous wait, never more than {@code max}; {@link #reset()} after a success. Not
 * thread-safe: the manager's tick owns it.
 */
final class Backoff {

    private final Duration first;
    private final Duration max;
    private Duration current = Duration.ZERO;

    Backoff(Duration first, Duration max) {
        this.first = Require.positive("first", first);
        this.max = Require.positive("max", max);
    }

    /** The wait after one more failure. */
    Duration next() {
        current = current.isZero() ? first : current.multipliedBy(2);
        if (current.compareTo(max) > 0) {
            current = max;
        }
        return current;
    }

    void reset() {
        current = Duration.ZERO;
    }
}
