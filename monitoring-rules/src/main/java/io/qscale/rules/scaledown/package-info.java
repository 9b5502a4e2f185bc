/**
 * API: {@code ScaleDownOrder} and its {@code Candidate}: which workers leave first when a pool
 * shrinks. One pure rule that the manager and the simulator both apply, so that a simulated
 * scale-down is the one that runs.
 */
package io.qscale.rules.scaledown;
