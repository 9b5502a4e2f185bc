package io.qscale.manager;

import io.qscale.core.control.ManagerMode;
import io.qscale.rules.validation.Require;
import java.time.Duration;

/**
 * How the manager runs. Immutable; defaults in {@link #defaults(String)}.
 *
 * @param managerId this manager's id in the leader lease
 * @param tick how often it collects, decides and acts: short, so a burst reaches the scaler
 *     within 2 s; the policies' cooldowns and windows keep it calm
 * @param leaseTime a leader that stops renewing is replaced after this long
 * @param drainGrace how long a drained worker may take to finish its task and leave before it is stopped
 * @param maxBackoff the longest wait between retries after the scaler failed
 * @param mode the mode when none is set in Redis
 * @param decisionsKept the decision stream is capped near this length
 * @param startTimeout a started worker that has not registered after this long is reported (and
 *     starts back off) as if it had crashed
 */
public record ManagerSettings(String managerId, Duration tick, Duration leaseTime, Duration drainGrace,
        Duration maxBackoff, ManagerMode mode, int decisionsKept, Duration startTimeout) {

    public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);
    public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(5);
    public static final Duration DEFAULT_DRAIN_GRACE = Duration.ofSeconds(40);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    public static final int DEFAULT_DECISIONS_KEPT = 1000;
    /** Long enough for a JVM on a busy host or a container to come up; a pod pulling an image may need more. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    public ManagerSettings {
        Require.nonBlank("managerId", managerId);
        Require.positive("tick", tick);
        Require.positive("leaseTime", leaseTime);
        Require.that(leaseTime.compareTo(tick.multipliedBy(2)) >= 0, "leaseTime", "must be at least twice tick (" + tick + ")", leaseTime);
        Require.positive("drainGrace", drainGrace);
        Require.positive("maxBackoff", maxBackoff);
        Require.nonNull("mode", mode);
        Require.atLeast("decisionsKept", decisionsKept, 10);
        Require.positive("startTimeout", startTimeout);
    }

    public static ManagerSettings defaults(String managerId) {
        return new ManagerSettings(managerId, DEFAULT_TICK, DEFAULT_LEASE_TIME, DEFAULT_DRAIN_GRACE, DEFAULT_MAX_BACKOFF,
                ManagerMode.AUTO, DEFAULT_DECISIONS_KEPT, DEFAULT_START_TIMEOUT);
    }

    public ManagerSettings withTiming(Duration tickEvery, Duration lease, Duration grace) {
        return new ManagerSettings(managerId, tickEvery, lease, grace, maxBackoff, mode, decisionsKept, startTimeout);
    }

    public ManagerSettings withMode(ManagerMode next) {
        return new ManagerSettings(managerId, tick, leaseTime, drainGrace, maxBackoff, next, decisionsKept, startTimeout);
    }

    public ManagerSettings withStartTimeout(Duration timeout) {
        return new ManagerSettings(managerId, tick, leaseTime, drainGrace, maxBackoff, mode, decisionsKept, timeout);
    }

    public ManagerSettings withMaxBackoff(Duration backoff) {
        return new ManagerSettings(managerId, tick, leaseTime, drainGrace, backoff, mode, decisionsKept, startTimeout);
    }
}
