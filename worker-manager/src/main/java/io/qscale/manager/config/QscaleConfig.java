package io.qscale.manager.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.qscale.core.control.ManagerMode;
import io.qscale.manager.config.ConfigSections.DurationText;
import io.qscale.manager.config.ConfigSections.Root;
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
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The contents of a {@code qscale.yml}: where Redis is, the queue, the rules, the scaler and the
 * manager's mode. Every field is optional and falls back to the documented default. Jackson binds
 * the file to its sections ({@link ConfigSections}); an unknown field or a bad value fails with one
 * line naming its path, the value and what is allowed
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

    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();

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

    /**
     * A duration as qscale.yml writes it ("500ms", "30s", "5m", "1h"), for flags that take one
     * too; a bad one fails naming {@code field}, the value and what is allowed.
     */
    public static Duration duration(String field, String text) {
        return DurationText.parse(text == null ? "" : text).orElseThrow(() -> new IllegalArgumentException(
                field + " must be " + DurationText.ALLOWED + ", but was '" + text + "'"));
    }

    /**
     * Parses YAML text (named {@code source} in errors). Every error is one line: a character of
     * the document quoted in it that would break a line (U+2028, U+0085, a control character) is
     * written as its code.
     */
    public static QscaleConfig parse(String yaml, ScalingConfig base, String source) {
        try {
            return parseTree(yaml, base, source);
        } catch (IllegalArgumentException e) {
            String message = visible(e.getMessage());
            if (message.equals(e.getMessage())) {
                throw e;
            }
            throw new IllegalArgumentException(message, e);
        }
    }

    private static QscaleConfig parseTree(String yaml, ScalingConfig base, String source) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + " is not valid YAML: " + oneLine(e.getOriginalMessage())
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            return defaults(base);
        }
        if (!tree.isObject()) {
            throw new IllegalArgumentException("the config must be a mapping, but was " + tree);
        }
        Root root;
        try {
            root = YAML.treeToValue(tree, Root.class);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(bindingError(e, tree));
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + ": " + e.getOriginalMessage());
        }
        return overlay(root, base);
    }

    /**
     * The YAML parser's message without its quoted context (indented lines: where, the source
     * line, a caret): "while scanning a quoted scalar; found unexpected end of stream".
     */
    private static String oneLine(String message) {
        String problems = message == null ? "" : message.lines().filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .map(String::strip).collect(Collectors.joining("; "));
        return problems.isEmpty() ? "it cannot be parsed" : problems;
    }

    /**
     * The parser quotes the character it stumbled on; one that breaks a line in a terminal or a
     * log (U+2028, U+0085, a control character) is written as its code instead.
     */
    static String visible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || type == Character.CONTROL) {
                out.append(String.format(Locale.ROOT, "\\u%04X", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    /** The file's values over {@code base}, each checked by the record it builds. */
    private static QscaleConfig overlay(Root root, ScalingConfig base) {
        ScalingConfig scaling = root.scaling() == null ? base : scaling(root.scaling(), base);
        Map<String, String> settings = new LinkedHashMap<>();
        Optional<String> type = Optional.empty();
        if (root.scaler() != null) {
            for (Map.Entry<String, Object> setting : root.scaler().entrySet()) {
                Object value = setting.getValue();
                if (value instanceof Map || value instanceof List || value == null) {
                    throw new IllegalArgumentException("scaler." + setting.getKey() + " must be a single value, but was " + value);
                }
                if (setting.getKey().equals("type")) {
                    type = Optional.of(value.toString());
                } else {
                    settings.put(setting.getKey(), value.toString());
                }
            }
        }
        Optional<ManagerMode> mode = root.manager() == null || root.manager().mode() == null ? Optional.empty()
                : Optional.of(ManagerMode.parse("manager.mode", root.manager().mode()));
        Http http = Http.NONE;
        if (root.http() != null) {
            Integer port = root.http().port();
            if (port != null && (port < 0 || port > 65535)) {
                throw new IllegalArgumentException("http.port must be a port from 0 to 65535, but was " + port);
            }
            http = new Http(Optional.ofNullable(port), Optional.ofNullable(root.http().bind()),
                    Optional.ofNullable(root.http().token()));
        }
        return new QscaleConfig(Optional.ofNullable(root.redis()), Optional.ofNullable(root.queue()), scaling, type, settings,
                mode, http);
    }

    private static ScalingConfig scaling(ConfigSections.Scaling file, ScalingConfig base) {
        List<PolicyKind> policies = base.policies();
        if (file.policies() != null) {
            policies = new ArrayList<>();
            for (int i = 0; i < file.policies().size(); i++) {
                policies.add(PolicyKind.fromConfig("scaling.policies[" + i + "]", file.policies().get(i)));
            }
        }
        ThresholdsConfig thresholds = file.thresholds() == null ? base.thresholds() : thresholds(file.thresholds(), base.thresholds());
        TargetTrackingConfig tracking = file.targetTracking() == null ? base.targetTracking()
                : targetTracking(file.targetTracking(), base.targetTracking());
        LatencyConfig latency = file.latency() == null ? base.latency() : latency(file.latency(), base.latency());
        List<PolicyKind> chosen = policies;
        return named("scaling.", "", () -> new ScalingConfig(or(file.minWorkers(), base.minWorkers()),
                or(file.maxWorkers(), base.maxWorkers()), chosen, thresholds, tracking, latency,
                or(file.maxSnapshotAge(), base.maxSnapshotAge())));
    }

    private static ThresholdsConfig thresholds(ConfigSections.Thresholds file, ThresholdsConfig base) {
        return named("scaling.", "", () -> new ThresholdsConfig(or(file.queueUp(), base.queueUp()),
                or(file.utilizationUp(), base.utilizationUp()), or(file.cpuUp(), base.cpuUp()),
                or(file.queueDown(), base.queueDown()), or(file.utilizationDown(), base.utilizationDown()),
                or(file.idleFor(), base.idleFor()), or(file.stepUp(), base.stepUp()), or(file.stepDown(), base.stepDown()),
                or(file.cooldownUp(), base.cooldownUp()), or(file.cooldownDown(), base.cooldownDown())));
    }

    private static TargetTrackingConfig targetTracking(ConfigSections.TargetTracking file, TargetTrackingConfig base) {
        TargetTrackingConfig.Metric metric = file.metric() == null ? base.metric() : switch (file.metric()) {
            case "queue" -> TargetTrackingConfig.Metric.QUEUE;
            case "backlog" -> TargetTrackingConfig.Metric.BACKLOG;
            default -> throw bad("scaling.targetTracking.metric", quoted(file.metric()), "queue or backlog");
        };
        String path = "scaling.targetTracking";
        Behavior behavior = behavior(path, file.scaleUp(), file.scaleDown(), base.behavior());
        Tolerance tolerance = tolerance(path, file.tolerance(), base.tolerance());
        return named("scaling.", "", () -> new TargetTrackingConfig(metric, or(file.targetPerWorker(), base.targetPerWorker()),
                or(file.activation(), base.activation()), tolerance, behavior));
    }

    private static LatencyConfig latency(ConfigSections.Latency file, LatencyConfig base) {
        String path = "scaling.latency";
        Behavior behavior = behavior(path, file.scaleUp(), file.scaleDown(), base.behavior());
        Tolerance tolerance = tolerance(path, file.tolerance(), base.tolerance());
        return named("scaling.", "", () -> new LatencyConfig(or(file.targetLatency(), base.targetLatency()), tolerance, behavior));
    }

    private static Tolerance tolerance(String path, Double value, Tolerance base) {
        return value == null ? base : named(path + ".tolerance ", "tolerance.scaleDown ", () -> Tolerance.symmetric(value));
    }

    private static Behavior behavior(String path, ConfigSections.Rules up, ConfigSections.Rules down, Behavior base) {
        return new Behavior(up == null ? base.scaleUp() : rules(path + ".scaleUp", up, base.scaleUp()),
                down == null ? base.scaleDown() : rules(path + ".scaleDown", down, base.scaleDown()));
    }

    private static ScalingRules rules(String path, ConfigSections.Rules file, ScalingRules base) {
        Optional<Duration> window = file.window() != null ? Optional.of(file.window()) : base.stabilizationWindow();
        SelectPolicy select = file.select() == null ? base.select() : switch (file.select().toLowerCase(Locale.ROOT)) {
            case "max" -> SelectPolicy.MAX;
            case "min" -> SelectPolicy.MIN;
            case "disabled" -> SelectPolicy.DISABLED;
            default -> throw bad(path + ".select", quoted(file.select()), "max, min or disabled");
        };
        List<RatePolicy> policies = base.policies();
        if (file.policies() != null) {
            policies = new ArrayList<>();
            for (int i = 0; i < file.policies().size(); i++) {
                String at = path + ".policies[" + i + "]";
                ConfigSections.RatePolicyText policy = file.policies().get(i);
                String kind = policy.type() == null ? "" : policy.type().toLowerCase(Locale.ROOT);
                RatePolicy.Type type = switch (kind) {
                    case "pods" -> RatePolicy.Type.PODS;
                    case "percent" -> RatePolicy.Type.PERCENT;
                    default -> throw bad(at + ".type", quoted(policy.type()), "pods or percent");
                };
                int value = or(policy.value(), 0);
                int period = (int) or(policy.period(), Duration.ofSeconds(15)).toSeconds();
                policies.add(named(at + ".", "policy.", () -> new RatePolicy(type, value, period)));
            }
        }
        List<RatePolicy> chosen = policies;
        return named(path + ".", "", () -> new ScalingRules(chosen, select, window));
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static String quoted(String text) {
        return text == null ? "null" : "\"" + text + "\"";
    }

    private static IllegalArgumentException bad(String path, Object value, String allowed) {
        return new IllegalArgumentException(path + " must be " + allowed + ", but was " + value);
    }

    /**
     * Runs a constructor whose error names the field as the record does ("thresholds.queueUp",
     * "policy.value"); the message gets the path in the file: {@code prefix} replaces
     * {@code recordPrefix} at its start, or is put in front.
     */
    private static <T> T named(String prefix, String recordPrefix, Supplier<T> build) {
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

    /** Jackson's binding error as one line: the path in the file, the value there, what is allowed. */
    private static String bindingError(JsonMappingException e, JsonNode tree) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
        if (e instanceof UnrecognizedPropertyException unknown) {
            return path + " is not a known setting; known here: " + known(unknown);
        }
        JsonNode value = tree;
        for (JsonMappingException.Reference ref : e.getPath()) {
            value = value == null ? null : ref.getFieldName() != null ? value.get(ref.getFieldName()) : value.get(ref.getIndex());
        }
        Class<?> target = e instanceof MismatchedInputException mismatch ? mismatch.getTargetType() : null;
        if (e instanceof InvalidFormatException format && format.getTargetType() == Duration.class) {
            target = Duration.class;
        }
        return path + " must be " + allowed(target) + ", but was " + value;
    }

    /** The settings allowed where an unknown one was found, in the order the file's section declares them. */
    private static String known(UnrecognizedPropertyException e) {
        Class<?> section = e.getReferringClass();
        if (section != null && section.isRecord()) {
            return Arrays.stream(section.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.joining(", "));
        }
        return e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                .collect(Collectors.joining(", "));
    }

    private static String allowed(Class<?> target) {
        if (target == null) {
            return "a value of another kind";
        }
        if (target == Duration.class) {
            return DurationText.ALLOWED;
        }
        if (target == Integer.class || target == Long.class || target == int.class || target == long.class) {
            return "a whole number";
        }
        if (target == Double.class || target == double.class) {
            return "a number";
        }
        if (target == String.class) {
            return "text";
        }
        if (List.class.isAssignableFrom(target)) {
            return "a list";
        }
        return "a mapping of settings";
    }
}
