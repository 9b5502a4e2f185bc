package io.qscale.manager.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code qscale.yml} as it is written, bound by Jackson: every field nullable (left out = keep
 * the base value), an unknown field an error. {@link QscaleConfig} lays these over the base
 * profile and validates through the rules' own records. Immutable; internal to this package.
 */
final class ConfigSections {

    private ConfigSections() {
    }

    record Root(String redis, String queue, Scaling scaling, Map<String, Object> scaler, Manager manager, Http http) {
    }

    record Scaling(Integer minWorkers, Integer maxWorkers, List<String> policies,
            @JsonDeserialize(using = DurationText.class) Duration maxSnapshotAge, Thresholds thresholds,
            TargetTracking targetTracking, Latency latency) {
    }

    record Thresholds(Long queueUp, Double utilizationUp, Double cpuUp, Long queueDown, Double utilizationDown,
            @JsonDeserialize(using = DurationText.class) Duration idleFor, Integer stepUp, Integer stepDown,
            @JsonDeserialize(using = DurationText.class) Duration cooldownUp,
            @JsonDeserialize(using = DurationText.class) Duration cooldownDown) {
    }

    record TargetTracking(String metric, Double targetPerWorker, Long activation, Double tolerance, Rules scaleUp,
            Rules scaleDown) {
    }

    record Latency(@JsonDeserialize(using = DurationText.class) Duration targetLatency, Double tolerance, Rules scaleUp,
            Rules scaleDown) {
    }

    /** HPA-style rules: each field set replaces the default field whole, as GenerateHPAScale*Rules does. */
    record Rules(@JsonDeserialize(using = DurationText.class) Duration window, String select, List<RatePolicyText> policies) {
    }

    record RatePolicyText(String type, Integer value, @JsonDeserialize(using = DurationText.class) Duration period) {
    }

    record Manager(String mode) {
    }

    record Http(Integer port, String bind, String token) {
    }

    /** "500ms", "30s", "5m", "1h", or a number of seconds. */
    static final class DurationText extends JsonDeserializer<Duration> {

        static final String ALLOWED = "a duration such as 500ms, 30s, 5m or 1h";
        private static final Pattern TEXT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonToken token = parser.currentToken();
            boolean scalar = token == JsonToken.VALUE_STRING || token == JsonToken.VALUE_NUMBER_INT
                    || token == JsonToken.VALUE_NUMBER_FLOAT;
            String text = scalar ? parser.getText() : "";
            Optional<Duration> duration = scalar ? parse(text) : Optional.empty();
            if (duration.isEmpty()) {
                throw context.weirdStringException(text, Duration.class, ALLOWED);
            }
            return duration.get();
        }

        /** "500ms", "30s", "5m", "1h" or a number of seconds; empty for anything else. */
        static Optional<Duration> parse(String text) {
            Matcher m = TEXT.matcher(text.trim());
            if (!m.matches()) {
                return Optional.empty();
            }
            double amount = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            return Optional.of(Duration.ofMillis(Math.round(amount * switch (unit) {
                case "ms" -> 1;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 1000;
            })));
        }
    }
}
