/**
 * API: {@code ScalingEngine}, {@code ScaleDecision}, {@code Evaluation}, {@code ScalingState},
 * {@code DecisionKind}, {@code Proposal}, {@code Clamp}, {@code ScaleAction}. Internal: the policies
 * themselves ({@code ThresholdsPolicy}, {@code TargetTrackingPolicy}, {@code LatencyPolicy},
 * {@code HpaSteps}), package-private, chosen through {@code ScalingConfig#policies()}. A decision is
 * a pure function of a snapshot, a state and an instant.
 */
package io.qscale.rules.policy;
