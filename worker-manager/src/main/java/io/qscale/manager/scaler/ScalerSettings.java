package io.qscale.manager.scaler;

import io.qscale.manager.config.QscaleConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * A scaler's {@code scaler.*} settings read once, when the scaler is made: each typed accessor
 * validates its value and fails with the usual one line that names the setting, the value and
 * what is allowed, and a setting the scaler does not know is refused (a typo is not silently
 * ignored). Each scaler's settings record reads through this. Immutable and thread-safe.
 */
public final class ScalerSettings {

    private final String scaler;
    private final Map<String, String> values;

    private ScalerSettings(String scaler, Map<String, String> values) {
        this.scaler = scaler;
        this.values = values;
    }

    /** The settings of {@code context}, which must all be among {@code known}. */
    public static ScalerSettings of(String scaler, ScalerContext context, List<String> known) {
        for (String key : context.settings().keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException("scaler." + key + " is not a setting of the " + scaler + " scaler; it takes "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
        return new ScalerSettings(scaler, context.settings());
    }

    private String raw(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private IllegalArgumentException bad(String key, String allowed, String value) {
        return new IllegalArgumentException("scaler." + key + " must be " + allowed + ", but was '" + value + "'");
    }

    /** Text, or {@code fallback} when unset. */
    public String text(String key, String fallback) {
        String value = raw(key);
        return value == null ? fallback : value;
    }

    /** Text that must be given; {@code example} shows what. */
    public String required(String key, String example) {
        String value = raw(key);
        if (value == null) {
            throw new IllegalArgumentException("scaler." + key + " is required for the " + scaler + " scaler (for example " + example + ")");
        }
        return value;
    }

    /** Whitespace-separated words (a command line), empty when unset. */
    public List<String> words(String key) {
        String value = raw(key);
        return value == null ? List.of() : Arrays.asList(value.split("\\s+"));
    }

    /** Comma-separated {@code KEY=VALUE} pairs, empty when unset. */
    public List<String> pairs(String key) {
        String value = raw(key);
        if (value == null) {
            return List.of();
        }
        List<String> pairs = Arrays.stream(value.split(",")).map(String::strip).toList();
        for (String pair : pairs) {
            if (pair.indexOf('=') < 1) {
                throw bad(key, "comma-separated KEY=VALUE pairs", value);
            }
        }
        return pairs;
    }

    /** A whole number of at least {@code min}, or {@code fallback} when unset. */
    public long whole(String key, long fallback, long min) {
        String value = raw(key);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value);
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(key, "a whole number >= " + min, value);
    }

    /** A size in bytes ({@code 536870912}, or with a unit: {@code 512m}, {@code 1g}, {@code 64k}), empty when unset. */
    public OptionalLong bytes(String key) {
        String value = raw(key);
        if (value == null) {
            return OptionalLong.empty();
        }
        String number = value.toLowerCase(Locale.ROOT);
        long unit = 1;
        char last = number.charAt(number.length() - 1);
        if ("kmg".indexOf(last) >= 0) {
            unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
            number = number.substring(0, number.length() - 1);
        }
        try {
            long parsed = Long.parseLong(number);
            if (parsed > 0 && parsed <= Long.MAX_VALUE / unit) {
                return OptionalLong.of(parsed * unit);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(key, "a size in bytes > 0 such as 536870912, 512m or 1g", value);
    }

    /** A number above 0 (CPUs), empty when unset. */
    public OptionalDouble positive(String key) {
        String value = raw(key);
        if (value == null) {
            return OptionalDouble.empty();
        }
        try {
            double parsed = Double.parseDouble(value);
            if (parsed > 0 && Double.isFinite(parsed)) {
                return OptionalDouble.of(parsed);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(key, "a number > 0 such as 0.5 or 2", value);
    }

    /** A duration above zero ({@code 500ms}, {@code 30s}, {@code 5m}), or {@code fallback} when unset. */
    public Duration duration(String key, Duration fallback) {
        String value = raw(key);
        if (value == null) {
            return fallback;
        }
        Duration parsed = QscaleConfig.duration("scaler." + key, value);
        if (parsed.isZero() || parsed.isNegative()) {
            throw bad(key, "more than 0s", value);
        }
        return parsed;
    }
}
