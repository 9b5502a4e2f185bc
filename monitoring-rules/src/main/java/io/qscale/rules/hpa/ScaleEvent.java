package io.qscale.rules.hpa;

import java.time.Instant;

/** A past change of the replica count (its size, always positive) in one direction. Immutable. */
public record ScaleEvent(int change, Instant at, boolean outdated) {

    public ScaleEvent(int change, Instant at) {
        this(change, at, false);
    }
}
