/**
 * API. The what-if simulator: {@link io.qscale.sim.Trace}s of arrivals (bundled
 * {@link io.qscale.sim.Scenarios} or a CSV file), replayed by the {@link io.qscale.sim.Simulator}
 * through a {@link io.qscale.sim.Policy} (the real rules engine, or the HPA, KEDA, the seed's
 * loop or a fixed pool) and scored by {@link io.qscale.sim.Elasticity} with the SPEC Research
 * Group's elasticity metrics. Pure and deterministic for a seed: no I/O, no clock, no threads.
 */
package io.qscale.sim;
