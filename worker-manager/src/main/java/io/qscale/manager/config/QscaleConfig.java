package io.qscale.manager.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.qscale.core.control.ManagerMode;
import io.qscale.rules.config.LatencyConfig;
import io.qscale.rules.config.PolicyKind;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.config.TargetTrackingConfig;
import io.qscale.rules.config.ThresholdsConfig;
import io.qscale.rules.hpa.Behavior;
import io.qscale.rules.hpa.RatePolicy;
import io.qscale.rules.hpa.ScalingRules;
import io.qscale.rules.hpa.SelectPolicy;
import io.qscale.rules.hpa.Tolerance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contents of a {@code qscale.yml}: where Redis is, the queue, the rules, the scaler and the
 * manager's mode. Every field is optional and falls back to the documented default; an unknown
 * field or a bad value fails naming its path, the value and what is allowed
 * ({@code scaling.thresholds.queueUp must be >= 0, but was -1}). Immutable.
 */
public record QscaleConfig(Optional<String> redis, Optional<String> queue, ScalingConfig scaling,
        Optional<String> scalerType, Map<String, String> scalerSettings, Optional<ManagerMode> mode, Http http) {

    /** The {@code http:} section: where the API listens and its token. Never prints the token. */
    public record Http(Optional<Integer> port, Optional<String> bind, Optional<String> token) {

        static final Http NONE = new Http(Optional.empty(), Optional.empty(), Optional.empty());

        @Override
        public String toString() {
            return "Http[port=" + port + ", bind=" + bind + ", token=" + (token.isPresent() ? "***" : "none") + "]";
        }
    }

    /** The file read when none is named and it exists in the working folder. */
    public static final Path DEFAULT_FILE = Path.of("qscale.yml");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

    public QscaleConfig {
        scalerSettings = Map.copyOf(scalerSettings);
    }

    /** Nothing configured: every default. */
    public static QscaleConfig defaults(ScalingConfig scaling) {
        return new QscaleConfig(Optional.empty(), Optional.empty(), scaling, Optional.empty(), Map.of(), Optional.empty(), Http.NONE);
    }

    /**
     * The configuration in force: the named file, else {@code QSCALE_CONFIG}, else
     * {@code ./qscale.yml} when it exists, else nothing (every default).
     */
    public static QscaleConfig locate(Path named, ScalingConfig base) {
        if (named != null) {
            return load(named, base);
        }
        String env = System.getenv("QSCALE_CONFIG");
        if (env != null && !env.isBlank()) {
            return load(Path.of(env), base);
        }
        return Files.isRegularFile(DEFAULT_FILE) ? load(DEFAULT_FILE, base) : defaults(base);
    }

    /** Reads a file; its rules start from {@code base} (the defaults, or the demo profile). */
    public static QscaleConfig load(Path file, ScalingConfig base) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config file " + file + " does not exist");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("config file " + file + " cannot be read: " + e.getMessage());
        }
        return parse(text, base, file.toString());
    }

    /** Parses YAML text (named {@code source} in errors). */
    public static QscaleConfig parse(String yaml, ScalingConfig base, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return defaults(base);
        }
        Node top = new Node("", root);
        top.only("redis", "queue", "scaling", "scaler", "manager", "http");
        ScalingConfig scaling = top.has("scaling") ? scaling(top.child("scaling"), base) : base;
        Map<String, String> settings = new LinkedHashMap<>();
        Optional<String> type = Optional.empty();
        if (top.has("scaler")) {
            Node scaler = top.child("scaler");
            for (Iterator<String> names = scaler.json.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.equals("type")) {
                    type = Optional.of(scaler.text("type"));
                } else {
                    settings.put(name, scaler.scalar(name));
                }
            }
        }
        Optional<ManagerMode> mode = Optional.empty();
        if (top.has("manager")) {
            Node manager = top.child("manager");
            manager.only("mode");
            if (manager.has("mode")) {
                mode = Optional.of(ManagerMode.parse("manager.mode", manager.text("mode")));
            }
        }
        Http http = Http.NONE;
        if (top.has("http")) {
            Node section = top.child("http");
            section.only("port", "bind", "token");
            Optional<Integer> port = section.has("port") ? Optional.of(section.integer("port", 0)) : Optional.empty();
            if (port.isPresent() && (port.get() < 0 || port.get() > 65535)) {
                throw section.bad("port", section.json.get("port"), "a port from 0 to 65535");
            }
            http = new Http(port, section.optionalText("bind"), section.optionalText("token"));
        }
        return new QscaleConfig(top.optionalText("redis"), top.optionalText("queue"), scaling, type, settings, mode, http);
    }

    private static ScalingConfig scaling(Node node, ScalingConfig base) {
        node.only("minWorkers", "maxWorkers", "policies", "maxSnapshotAge", "thresholds", "targetTracking", "latency");
        List<PolicyKind> policies = base.policies();
        if (node.has("policies")) {
            JsonNode list = node.json.get("policies");
            if (!list.isArray()) {
                throw node.bad("policies", list, "a list such as [thresholds, latency]");
            }
            policies = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                policies.add(PolicyKind.fromConfig(node.path("policies[" + i + "]"), list.get(i).asText()));
            }
        }
        ThresholdsConfig thresholds = node.has("thresholds") ? thresholds(node.child("thresholds"), base.thresholds())
                : base.thresholds();
        TargetTrackingConfig tracking = node.has("targetTracking")
                ? targetTracking(node.child("targetTracking"), base.targetTracking()) : base.targetTracking();
        LatencyConfig latency = node.has("latency") ? latency(node.child("latency"), base.latency()) : base.latency();
        List<PolicyKind> chosen = policies;
        return node.validate("scaling.", "", () -> new ScalingConfig(node.integer("minWorkers", base.minWorkers()),
                node.integer("maxWorkers", base.maxWorkers()), chosen, thresholds, tracking, latency,
                node.duration("maxSnapshotAge", base.maxSnapshotAge())));
    }

    private static ThresholdsConfig thresholds(Node node, ThresholdsConfig base) {
        node.only("queueUp", "utilizationUp", "cpuUp", "queueDown", "utilizationDown", "idleFor", "stepUp", "stepDown",
                "cooldownUp", "cooldownDown");
        return node.validate("scaling.", "", () -> new ThresholdsConfig(node.longValue("queueUp", base.queueUp()),
                node.number("utilizationUp", base.utilizationUp()), node.number("cpuUp", base.cpuUp()),
                node.longValue("queueDown", base.queueDown()), node.number("utilizationDown", base.utilizationDown()),
                node.duration("idleFor", base.idleFor()), node.integer("stepUp", base.stepUp()),
                node.integer("stepDown", base.stepDown()), node.duration("cooldownUp", base.cooldownUp()),
                node.duration("cooldownDown", base.cooldownDown())));
    }

    private static TargetTrackingConfig targetTracking(Node node, TargetTrackingConfig base) {
        node.only("metric", "targetPerWorker", "activation", "tolerance", "scaleUp", "scaleDown");
        TargetTrackingConfig.Metric metric = base.metric();
        if (node.has("metric")) {
            String value = node.text("metric");
            metric = switch (value) {
                case "queue" -> TargetTrackingConfig.Metric.QUEUE;
                case "backlog" -> TargetTrackingConfig.Metric.BACKLOG;
                default -> throw node.bad("metric", node.json.get("metric"), "queue or backlog");
            };
        }
        TargetTrackingConfig.Metric chosen = metric;
        Behavior behavior = behavior(node, base.behavior());
        return node.validate("scaling.", "", () -> new TargetTrackingConfig(chosen, node.number("targetPerWorker", base.targetPerWorker()),
                node.longValue("activation", base.activation()), tolerance(node, base.tolerance()), behavior));
    }

    private static LatencyConfig latency(Node node, LatencyConfig base) {
        node.only("targetLatency", "tolerance", "scaleUp", "scaleDown");
        Behavior behavior = behavior(node, base.behavior());
        return node.validate("scaling.", "", () -> new LatencyConfig(node.duration("targetLatency", base.targetLatency()),
                tolerance(node, base.tolerance()), behavior));
    }

    private static Tolerance tolerance(Node node, Tolerance base) {
        if (!node.has("tolerance")) {
            return base;
        }
        double value = node.number("tolerance", 0.1);
        return node.validate(node.path("tolerance") + " ", "tolerance.scaleDown ", () -> Tolerance.symmetric(value));
    }

    private static Behavior behavior(Node node, Behavior base) {
        ScalingRules up = node.has("scaleUp") ? rules(node.child("scaleUp"), base.scaleUp()) : base.scaleUp();
        ScalingRules down = node.has("scaleDown") ? rules(node.child("scaleDown"), base.scaleDown()) : base.scaleDown();
        return new Behavior(up, down);
    }

    /** HPA-style rules: each field set replaces the default field whole, as GenerateHPAScale*Rules does. */
    private static ScalingRules rules(Node node, ScalingRules base) {
        node.only("window", "select", "policies");
        Optional<Duration> window = node.has("window") ? Optional.of(node.duration("window", Duration.ZERO))
                : base.stabilizationWindow();
        SelectPolicy select = base.select();
        if (node.has("select")) {
            select = switch (node.text("select").toLowerCase(Locale.ROOT)) {
                case "max" -> SelectPolicy.MAX;
                case "min" -> SelectPolicy.MIN;
                case "disabled" -> SelectPolicy.DISABLED;
                default -> throw node.bad("select", node.json.get("select"), "max, min or disabled");
            };
        }
        List<RatePolicy> policies = base.policies();
        if (node.has("policies")) {
            JsonNode list = node.json.get("policies");
            if (!list.isArray()) {
                throw node.bad("policies", list, "a list of {type: pods|percent, value: N, period: 15s}");
            }
            policies = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Node policy = new Node(node.path("policies[" + i + "]"), list.get(i));
                policy.only("type", "value", "period");
                RatePolicy.Type type = switch (policy.text("type").toLowerCase(Locale.ROOT)) {
                    case "pods" -> RatePolicy.Type.PODS;
                    case "percent" -> RatePolicy.Type.PERCENT;
                    default -> throw policy.bad("type", policy.json.get("type"), "pods or percent");
                };
                int value = policy.integer("value", 0);
                int period = (int) policy.duration("period", Duration.ofSeconds(15)).toSeconds();
                policies.add(policy.validate(policy.path + ".", "policy.", () -> new RatePolicy(type, value, period)));
            }
        }
        List<RatePolicy> chosen = policies;
        SelectPolicy chosenSelect = select;
        return node.validate(node.path + ".", "", () -> new ScalingRules(chosen, chosenSelect, window));
    }

    /** A YAML mapping with its path, for errors that say where. */
    private record Node(String path, JsonNode json) {

        String path(String field) {
            return path.isEmpty() ? field : path + "." + field;
        }

        boolean has(String field) {
            return json.has(field) && !json.get(field).isNull();
        }

        Node child(String field) {
            JsonNode child = json.get(field);
            if (!child.isObject()) {
                throw bad(field, child, "a mapping of settings");
            }
            return new Node(path(field), child);
        }

        void only(String... fields) {
            if (!json.isObject()) {
                throw new IllegalArgumentException((path.isEmpty() ? "the config" : path) + " must be a mapping, but was "
                        + json);
            }
            Set<String> known = Set.of(fields);
            for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    throw new IllegalArgumentException(path(name) + " is not a known setting; known here: "
                            + String.join(", ", fields));
                }
            }
        }

        IllegalArgumentException bad(String field, JsonNode value, String allowed) {
            return new IllegalArgumentException(path(field) + " must be " + allowed + ", but was " + value);
        }

        String text(String field) {
            JsonNode value = json.get(field);
            if (!value.isTextual()) {
                throw bad(field, value, "text");
            }
            return value.asText();
        }

        String scalar(String field) {
            JsonNode value = json.get(field);
            if (!value.isValueNode()) {
                throw bad(field, value, "a single value");
            }
            return value.asText();
        }

        Optional<String> optionalText(String field) {
            return has(field) ? Optional.of(text(field)) : Optional.empty();
        }

        int integer(String field, int fallback) {
            if (!has(field)) {
                return fallback;
            }
            JsonNode value = json.get(field);
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw bad(field, value, "a whole number");
            }
            return value.asInt();
        }

        long longValue(String field, long fallback) {
            if (!has(field)) {
                return fallback;
            }
            JsonNode value = json.get(field);
            if (!value.isIntegralNumber()) {
                throw bad(field, value, "a whole number");
            }
            return value.asLong();
        }

        double number(String field, double fallback) {
            if (!has(field)) {
                return fallback;
            }
            JsonNode value = json.get(field);
            if (!value.isNumber()) {
                throw bad(field, value, "a number");
            }
            return value.asDouble();
        }

        /** "500ms", "30s", "5m", "1h", or a number of seconds. */
        Duration duration(String field, Duration fallback) {
            if (!has(field)) {
                return fallback;
            }
            JsonNode value = json.get(field);
            Matcher m = DURATION.matcher(value.asText().trim());
            if (!(value.isNumber() || value.isTextual()) || !m.matches()) {
                throw bad(field, value, "a duration such as 500ms, 30s, 5m or 1h");
            }
            double amount = Double.parseDouble(m.group(1));
            String unit = m.group(2) == null ? "s" : m.group(2);
            long millis = Math.round(amount * switch (unit) {
                case "ms" -> 1;
                case "m" -> 60_000;
                case "h" -> 3_600_000;
                default -> 1000;
            });
            return Duration.ofMillis(millis);
        }

        /**
         * Runs a constructor whose error names the field as the record does ("thresholds.queueUp",
         * "policy.value"); the message gets the path in the file: {@code prefix} replaces
         * {@code recordPrefix} at its start, or is put in front.
         */
        <T> T validate(String prefix, String recordPrefix, java.util.function.Supplier<T> build) {
            try {
                return build.get();
            } catch (IllegalArgumentException e) {
                String message = e.getMessage();
                if (message.startsWith(prefix)) {
                    throw e; // a value of this file, already named by its full path
                }
                String field = !recordPrefix.isEmpty() && message.startsWith(recordPrefix)
                        ? message.substring(recordPrefix.length()) : message;
                throw new IllegalArgumentException(prefix + field);
            }
        }
    }
}
