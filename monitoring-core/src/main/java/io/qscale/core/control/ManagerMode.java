package io.qscale.core.control;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.OptionalInt;

/**
 * How the manager acts: {@code auto} applies the rules' decisions; {@code manual:N} holds exactly
 * N workers (still recording what auto would do); {@code dry-run} decides and records but never
 * acts. Stored in Redis as text, so it can be changed while running. Immutable.
 */
public record ManagerMode(Kind kind, OptionalInt workers) {

    public enum Kind { AUTO, MANUAL, DRY_RUN }

    public static final ManagerMode AUTO = new ManagerMode(Kind.AUTO, OptionalInt.empty());
    public static final ManagerMode DRY_RUN = new ManagerMode(Kind.DRY_RUN, OptionalInt.empty());

    public static ManagerMode manual(int workers) {
        if (workers < 0) {
            throw new IllegalArgumentException("manual workers must be >= 0, but was " + workers);
        }
        return new ManagerMode(Kind.MANUAL, OptionalInt.of(workers));
    }

    /** Parses {@code auto}, {@code dry-run} or {@code manual:N}; a bad value names what is allowed. */
    public static ManagerMode parse(String field, String text) {
        if (text != null) {
            String value = text.trim();
            if (value.equals("auto")) {
                return AUTO;
            }
            if (value.equals("dry-run")) {
                return DRY_RUN;
            }
            if (value.startsWith("manual:")) {
                try {
                    return manual(Integer.parseInt(value.substring("manual:".length())));
                } catch (IllegalArgumentException e) {
                    // reported below
                }
            }
        }
        throw new IllegalArgumentException(field + " must be auto, dry-run or manual:N (N >= 0), but was '" + text + "'");
    }

    /** The mode from its stored text (JSON records and Redis hold it as {@link #wire()}). */
    @JsonCreator
    public static ManagerMode fromWire(String text) {
        return parse("mode", text);
    }

    /** The text stored in Redis and in JSON records. */
    @JsonValue
    public String wire() {
        return switch (kind) {
            case AUTO -> "auto";
            case DRY_RUN -> "dry-run";
            case MANUAL -> "manual:" + workers.getAsInt();
        };
    }

    @Override
    public String toString() {
        return wire();
    }
}
