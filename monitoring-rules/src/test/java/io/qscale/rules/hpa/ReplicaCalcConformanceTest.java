package io.qscale.rules.hpa;

import static io.qscale.rules.hpa.ConformanceRows.integer;
import static io.qscale.rules.hpa.ConformanceRows.list;
import static io.qscale.rules.hpa.ConformanceRows.present;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every row of replica-calc.csv: the HPA controller's own replica-calculation vectors (External,
 * Object, Pods and CPU utilization metrics, and full reconciles on the path without behavior).
 */
class ReplicaCalcConformanceTest {

    /** The test file's {@code init()} sets the legacy scale-up factor to 8 (production: 2). */
    private static final double TEST_SCALE_UP_FACTOR = 8.0;

    /**
     * Controller rows whose test adds a second metric that the CSV does not carry as numbers: it
     * fails (invalid type or fetch error), or proposes a known count. Empty = the metric failed.
     */
    private static final Map<String, OptionalInt> SECOND_METRIC = Map.of(
            "A105", OptionalInt.empty(),   // type "CheddarCheese": invalid
            "A106", OptionalInt.empty(),   // invalid
            "A107", OptionalInt.empty(),   // External Value metric whose fetch fails
            "A117", OptionalInt.of(600));  // CPU 10 % on the same levels with 1.0 requests -> 600

    static Stream<Arguments> rows() {
        return ConformanceRows.read("replica-calc.csv").stream()
                .map(row -> Arguments.of(row.get("case_id") + " " + row.get("case_name"), row));
    }

    @Test
    void everyVectorIsRead() {
        assertThat(rows().count()).isEqualTo(107);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void matchesTheKubernetesController(String name, Map<String, String> row) throws Exception {
        if (row.get("function").startsWith("controller")) {
            assertThat(reconcile(row)).isEqualTo(integer(row, "expected_replicas"));
            return;
        }
        if (present(row, "expected_error")) {
            assertThatThrownBy(() -> calculate(row, integer(row, "current_replicas")))
                    .isInstanceOf(MetricUnavailableException.class)
                    .hasMessageContaining(row.get("expected_error"));
            return;
        }
        Recommendation result = calculate(row, integer(row, "current_replicas"));
        assertThat(result.replicas()).as("replicas").isEqualTo(integer(row, "expected_replicas"));
        if (present(row, "expected_usage")) {
            assertThat(result.usage()).as("usage").isEqualTo(Long.parseLong(row.get("expected_usage")));
        }
        if (present(row, "expected_raw_value")) {
            assertThat(result.rawUsage()).as("raw usage").isEqualTo(Long.parseLong(row.get("expected_raw_value")));
        }
    }

    /** One metric's recommendation, by the row's metric kind. */
    static Recommendation calculate(Map<String, String> row, int current) throws MetricUnavailableException {
        Tolerance tolerance = new Tolerance(Double.parseDouble(row.get("tolerance_scale_down")),
                Double.parseDouble(row.get("tolerance_scale_up")));
        long target = Long.parseLong(row.get("target"));
        List<Pod> pods = pods(row);
        return switch (row.get("metric_kind")) {
            case "external_average_value", "object_average_value" ->
                    ReplicaCalculator.averageValue(totals(row), target, current, tolerance);
            case "external_value", "object_value" ->
                    ReplicaCalculator.value(totals(row), target, current, pods, tolerance);
            case "pods_average_value" -> ReplicaCalculator.podsAverage(samples(row), target, current, pods, tolerance);
            case "resource_utilization", "container_resource_utilization" ->
                    ReplicaCalculator.utilization(samples(row), (int) target, current, pods, tolerance);
            default -> throw new IllegalArgumentException("unknown metric kind " + row.get("metric_kind"));
        };
    }

    /**
     * {@code reconcileAutoscaler} without spec.behavior: range pre-checks, the highest metric
     * proposal (no scale-down when a metric failed), then the legacy stabilization and limits.
     */
    private static int reconcile(Map<String, String> row) {
        int current = integer(row, "current_replicas");
        int min = present(row, "min_replicas") ? integer(row, "min_replicas") : 1;
        int max = integer(row, "max_replicas");
        OptionalInt preChecked = ConformanceRows.rangePreCheck(current, min, max);
        if (preChecked.isPresent()) {
            return preChecked.getAsInt();
        }
        List<OptionalInt> proposals = new ArrayList<>();
        try {
            proposals.add(OptionalInt.of(calculate(row, current).replicas()));
        } catch (MetricUnavailableException e) {
            proposals.add(OptionalInt.empty());
        }
        if (SECOND_METRIC.containsKey(row.get("case_id"))) {
            proposals.add(SECOND_METRIC.get(row.get("case_id")));
        }
        OptionalInt best = proposals.stream().filter(OptionalInt::isPresent).mapToInt(OptionalInt::getAsInt).max();
        if (best.isEmpty()) {
            return current;
        }
        boolean anyFailed = proposals.stream().anyMatch(OptionalInt::isEmpty);
        int desired = anyFailed && best.getAsInt() < current ? current : best.getAsInt();
        List<TimestampedRecommendation> history = row.get("recommendation_history").startsWith("seeded")
                ? List.of(new TimestampedRecommendation(current, ConformanceRows.at("0")))
                : List.of();
        int stabilized = Normalization.stabilizeLegacy(desired, history, Duration.ofMinutes(5), ConformanceRows.NOW).replicas();
        return Normalization.limitLegacy(current, stabilized, min, max, TEST_SCALE_UP_FACTOR,
                Normalization.LEGACY_SCALE_UP_MINIMUM).replicas();
    }

    private static long[] totals(Map<String, String> row) {
        return list(row.get("per_pod_or_total_values")).stream().mapToLong(Long::parseLong).toArray();
    }

    /** Samples by pod name: position i is test-pod-i, "-" is no sample, "name=value" a foreign pod. */
    private static Map<String, Long> samples(Map<String, String> row) {
        Map<String, Long> samples = new LinkedHashMap<>();
        List<String> values = list(row.get("per_pod_or_total_values"));
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value.equals("-")) {
                continue;
            }
            if (value.contains("=")) {
                samples.put(value.substring(0, value.indexOf('=')), Long.parseLong(value.substring(value.indexOf('=') + 1)));
            } else {
                samples.put("test-pod-" + i, Long.parseLong(value));
            }
        }
        return samples;
    }

    private static List<Pod> pods(Map<String, String> row) {
        List<Pod> pods = new ArrayList<>();
        if (!present(row, "pods_total")) {
            return pods;
        }
        List<String> states = list(row.get("pod_states"));
        List<String> requests = list(row.get("cpu_requests_milli"));
        for (int i = 0; i < integer(row, "pods_total"); i++) {
            OptionalLong request = i < requests.size() && !requests.get(i).equals("-")
                    ? OptionalLong.of(Long.parseLong(requests.get(i))) : OptionalLong.empty();
            pods.add(new Pod("test-pod-" + i, state(states.get(i)), request));
        }
        return pods;
    }

    private static PodState state(String token) {
        return switch (token) {
            case "ready" -> PodState.READY;
            case "unready" -> PodState.UNREADY;
            case "hot" -> PodState.HOT;
            case "hot-unready" -> PodState.HOT_UNREADY;
            case "pending" -> PodState.PENDING;
            case "failed" -> PodState.FAILED;
            case "deleting" -> PodState.DELETING;
            default -> throw new IllegalArgumentException("unknown pod state " + token);
        };
    }
}
