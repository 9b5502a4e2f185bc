package io.qscale.rules.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The scaling policies qscale knows, by the names used in configuration. */
public enum PolicyKind {
    THRESHOLDS("thresholds"), TARGET_TRACKING("target-tracking"), LATENCY("latency");

    private final String configName;

    PolicyKind(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** Parses a configuration name; an unknown one fails naming the field, the value and what is allowed. */
    public static PolicyKind fromConfig(String field, String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(kind -> kind.configName.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(field + " must be one of "
                        + Arrays.stream(values()).map(PolicyKind::configName).collect(Collectors.joining(", "))
                        + ", but was '" + value + "'"));
    }
}
