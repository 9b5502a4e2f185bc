package io.qscale.rules.validation;

import java.time.Duration;
import java.util.Objects;

/**
 * The one place that checks values: each failure names the field, the bad value and what is
 * allowed, as in "heartbeatInterval must be > 0, but was PT0S". Stateless and thread-safe.
 */
public final class Require {

    private Require() {
    }

    public static <T> T nonNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " is required, but was missing");
        }
        return value;
    }

    /** A string with at least one character (white space counts): what the Redis protocol asks of ids. */
    public static String nonEmpty(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(field + " must be a non-empty string, but was "
                    + (value == null ? "missing" : "''"));
        }
        return value;
    }

    public static String nonBlank(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-empty string, but was "
                    + (value == null ? "missing" : "'" + value + "'"));
        }
        return value;
    }

    public static long atLeast(String field, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ", but was " + value);
        }
        return value;
    }

    public static int atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " must be >= " + min + ", but was " + value);
        }
        return value;
    }

    public static double between(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(field + " must be between " + min + " and " + max
                    + ", but was " + value);
        }
        return value;
    }

    public static double atLeast(String field, double value, double min) {
        if (!(value >= min) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite number >= " + min + ", but was " + value);
        }
        return value;
    }

    public static Duration positive(String field, Duration value) {
        nonNull(field, value);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be > 0, but was " + value);
        }
        return value;
    }

    public static Duration nonNegative(String field, Duration value) {
        nonNull(field, value);
        if (value.isNegative()) {
            throw new IllegalArgumentException(field + " must be >= 0, but was " + value);
        }
        return value;
    }

    /** Fails unless {@code condition} holds, with "{@code field} {@code rule}, but was {@code value}". */
    public static void that(boolean condition, String field, String rule, Object value) {
        if (!condition) {
            throw new IllegalArgumentException(field + " " + rule + ", but was " + Objects.toString(value));
        }
    }
}
