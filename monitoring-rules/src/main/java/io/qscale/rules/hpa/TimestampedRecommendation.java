package io.qscale.rules.hpa;

import java.time.Instant;

/** A raw (prenormalized) recommendation and when it was made, kept for stabilization. Immutable. */
public record TimestampedRecommendation(int replicas, Instant at) {
}
