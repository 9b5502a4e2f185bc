package io.qscale.core.protocol;

import java.util.Locale;

/** What a worker is doing, as stored in its registry entry. */
public enum WorkerState {
    IDLE, BUSY, DRAINING;

    /** The lower-case form used in Redis. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the Redis form; an unknown or missing value reads as IDLE. */
    public static WorkerState fromWire(String value) {
        if (value == null) {
            return IDLE;
        }
        return switch (value) {
            case "busy" -> BUSY;
            case "draining" -> DRAINING;
            default -> IDLE;
        };
    }
}
