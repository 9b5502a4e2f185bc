package io.qscale.sim;

import io.qscale.rules.validation.Require;
import java.time.Duration;

/**
 * How a simulation models the world. Immutable.
 *
 * @param startup from a scale-up to the new worker taking tasks (JVM start, first heartbeat)
 * @param serviceTimes how a task's processing time is drawn around its second's mean
 * @param seed the random seed: the same seed gives the same run, byte for byte
 * @param targetUtilization the utilization demand is computed for (0 to 1, default 0.8)
 * @param demandWindow the window over which arriving work defines demand
 * @param staleness how old the metrics a policy sees are (0: sampled at the decision)
 * @param tail how long the run goes on after the trace's last second (scale-down counts too)
 */
public record SimulationSettings(Duration startup, ServiceTimes serviceTimes, long seed, double targetUtilization,
        Duration demandWindow, Duration staleness, Duration tail) {

    /** How processing times are drawn. */
    public enum ServiceTimes {
        /** Every task takes its second's mean. */
        FIXED,
        /** Exponentially distributed around its second's mean. */
        EXPONENTIAL
    }

    public static final Duration DEFAULT_STARTUP = Duration.ofMillis(1500);

    public SimulationSettings {
        Require.nonNegative("startup", startup);
        Require.nonNull("serviceTimes", serviceTimes);
        Require.that(targetUtilization > 0 && targetUtilization <= 1, "targetUtilization", "must be above 0 and at most 1",
                targetUtilization);
        Require.positive("demandWindow", demandWindow);
        Require.nonNegative("staleness", staleness);
        Require.nonNegative("tail", tail);
    }

    /** Start-up 1.5 s (a JVM worker's, measured), fixed times, seed 1, utilization 0.8, demand over 10 s, fresh metrics, 10 min tail. */
    public static SimulationSettings defaults() {
        return new SimulationSettings(DEFAULT_STARTUP, ServiceTimes.FIXED, 1, 0.8, Duration.ofSeconds(10), Duration.ZERO,
                Duration.ofMinutes(10));
    }

    public SimulationSettings withStartup(Duration value) {
        return new SimulationSettings(value, serviceTimes, seed, targetUtilization, demandWindow, staleness, tail);
    }

    public SimulationSettings withSeed(long value) {
        return new SimulationSettings(startup, serviceTimes, value, targetUtilization, demandWindow, staleness, tail);
    }

    public SimulationSettings withServiceTimes(ServiceTimes value) {
        return new SimulationSettings(startup, value, seed, targetUtilization, demandWindow, staleness, tail);
    }

    public SimulationSettings withTargetUtilization(double value) {
        return new SimulationSettings(startup, serviceTimes, seed, value, demandWindow, staleness, tail);
    }

    public SimulationSettings withTail(Duration value) {
        return new SimulationSettings(startup, serviceTimes, seed, targetUtilization, demandWindow, staleness, value);
    }

    public SimulationSettings withStaleness(Duration value) {
        return new SimulationSettings(startup, serviceTimes, seed, targetUtilization, demandWindow, value, tail);
    }
}
