package io.qscale.core.protocol;

import io.qscale.rules.validation.Require;
import java.time.Duration;

/**
 * Timings and limits that producers, workers and the manager of one queue share. Immutable and
 * thread-safe; defaults in {@link #defaults()}, each value checked when built.
 *
 * @param heartbeatInterval how often a worker refreshes its registry entry
 * @param deadAfter a worker not seen for this long is dead and its tasks are recovered
 * @param maxAttempts claims a task gets before it goes to the dead-letter list
 * @param statsBucket width of one statistics bucket
 * @param statsWindow how far back success rate and processing times look
 * @param rateWindow how far back arrival and completion rates look
 */
public record ProtocolSettings(
        Duration heartbeatInterval,
        Duration deadAfter,
        int maxAttempts,
        Duration statsBucket,
        Duration statsWindow,
        Duration rateWindow) {

    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_DEAD_AFTER = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_STATS_BUCKET = Duration.ofSeconds(5);
    public static final Duration DEFAULT_STATS_WINDOW = Duration.ofMinutes(5);
    public static final Duration DEFAULT_RATE_WINDOW = Duration.ofSeconds(30);

    public ProtocolSettings {
        Require.positive("heartbeatInterval", heartbeatInterval);
        Require.positive("deadAfter", deadAfter);
        Require.that(deadAfter.compareTo(heartbeatInterval.multipliedBy(2)) >= 0, "deadAfter",
                "must be at least twice heartbeatInterval (" + heartbeatInterval + ")", deadAfter);
        Require.atLeast("maxAttempts", maxAttempts, 1);
        Require.positive("statsBucket", statsBucket);
        Require.that(statsBucket.toMillis() % 1000 == 0, "statsBucket", "must be a whole number of seconds", statsBucket);
        Require.positive("statsWindow", statsWindow);
        Require.that(statsWindow.compareTo(statsBucket) >= 0, "statsWindow",
                "must be at least statsBucket (" + statsBucket + ")", statsWindow);
        Require.positive("rateWindow", rateWindow);
        Require.that(rateWindow.compareTo(statsWindow) <= 0, "rateWindow",
                "must be at most statsWindow (" + statsWindow + ")", rateWindow);
    }

    public static ProtocolSettings defaults() {
        return new ProtocolSettings(DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_DEAD_AFTER, DEFAULT_MAX_ATTEMPTS,
                DEFAULT_STATS_BUCKET, DEFAULT_STATS_WINDOW, DEFAULT_RATE_WINDOW);
    }

    public ProtocolSettings withHeartbeat(Duration interval, Duration deadAfter) {
        return new ProtocolSettings(interval, deadAfter, maxAttempts, statsBucket, statsWindow, rateWindow);
    }

    public ProtocolSettings withMaxAttempts(int attempts) {
        return new ProtocolSettings(heartbeatInterval, deadAfter, attempts, statsBucket, statsWindow, rateWindow);
    }

    public ProtocolSettings withStats(Duration bucket, Duration window, Duration rates) {
        return new ProtocolSettings(heartbeatInterval, deadAfter, maxAttempts, bucket, window, rates);
    }

    /** Statistics keys live this long: the window plus one bucket, so a full window is always there. */
    long statsTtlSeconds() {
        return statsWindow.plus(statsBucket).toSeconds() + 1;
    }

    long statsBucketSeconds() {
        return statsBucket.toSeconds();
    }
}
