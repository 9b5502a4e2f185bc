package io.qscale.manager.runtime;

/** A subscriber's hold on a {@link Pool}'s stream; closing it stops the events. Thread-safe. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    /** Stops the events; closing twice does nothing. Never throws. */
    @Override
    void close();
}
