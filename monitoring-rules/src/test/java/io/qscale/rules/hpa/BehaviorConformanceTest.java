package io.qscale.rules.hpa;

import static io.qscale.rules.hpa.ConformanceRows.NOW;
import static io.qscale.rules.hpa.ConformanceRows.integer;
import static io.qscale.rules.hpa.ConformanceRows.list;
import static io.qscale.rules.hpa.ConformanceRows.present;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every asserted row of behavior.csv (stabilization windows, Pods/Percent rate policies,
 * min/max, the legacy path and controller pre-checks) and of behavior-aux.csv (defaulting and
 * scale-event bookkeeping).
 */
class BehaviorConformanceTest {

    /** Rows the Kubernetes test never asserts; they are reported, not checked. */
    static final Map<String, String> NOT_ASSERTED = Map.of(
            "B007", "its table entry has testThis=true and the subtest returns before asserting anything");

    static Stream<Arguments> rows() {
        return ConformanceRows.read("behavior.csv").stream()
                .filter(row -> !NOT_ASSERTED.containsKey(row.get("case_id")))
                .map(row -> Arguments.of(row.get("case_id") + " " + row.get("case_name"), row));
    }

    static Stream<Arguments> auxRows() {
        return ConformanceRows.read("behavior-aux.csv").stream()
                .map(row -> Arguments.of(row.get("case_id") + " " + row.get("case_name"), row));
    }

    @Test
    void everyVectorIsReadAndOnlyTheUnassertedOneIsLeftOut() {
        List<Map<String, String>> all = ConformanceRows.read("behavior.csv");
        assertThat(all).hasSize(60);
        // B007 may be among the rows held back to check the implementation independently.
        assertThat(all.stream().filter(row -> row.get("asserted").equals("false")).map(row -> row.get("case_id")))
                .isSubsetOf(NOT_ASSERTED.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void matchesTheKubernetesController(String name, Map<String, String> row) {
        String function = row.get("function");
        int expected = integer(row, "expected_replicas");
        switch (function) {
            case "convertDesiredReplicasWithBehaviorRate" -> {
                Normalization.Limited limited = Normalization.limit(integer(row, "current_replicas"),
                        integer(row, "desired_replicas"), integer(row, "min_replicas"), integer(row, "max_replicas"),
                        behavior(row), ConformanceRows.events(row.get("scale_up_events")),
                        ConformanceRows.events(row.get("scale_down_events")), NOW);
                assertThat(limited.replicas()).isEqualTo(expected);
                assertThat(limited.reason()).isEqualTo(row.get("expected_condition"));
            }
            case "stabilizeRecommendationWithBehaviors" -> {
                Normalization.Stabilized stabilized = Normalization.stabilize(integer(row, "desired_replicas"),
                        integer(row, "current_replicas"), ConformanceRows.recommendations(row.get("recommendations")),
                        Duration.ofSeconds(integer(row, "scale_up_window_seconds")),
                        Duration.ofSeconds(integer(row, "scale_down_window_seconds")), NOW);
                assertThat(stabilized.replicas()).isEqualTo(expected);
                if (present(row, "expected_recommendations_after")) {
                    assertThat(stabilized.history()).extracting(TimestampedRecommendation::replicas)
                            .containsExactlyElementsOf(list(row.get("expected_recommendations_after")).stream()
                                    .map(Integer::valueOf).toList());
                }
            }
            case "stabilizeRecommendation" -> {
                Normalization.Stabilized stabilized = Normalization.stabilizeLegacy(integer(row, "desired_replicas"),
                        ConformanceRows.recommendations(row.get("recommendations")),
                        Duration.ofSeconds(integer(row, "scale_down_window_seconds")), NOW);
                assertThat(stabilized.replicas()).isEqualTo(expected);
                assertThat("len=" + stabilized.history().size()).isEqualTo(row.get("expected_recommendations_after"));
            }
            case "convertDesiredReplicasWithRules" -> {
                Normalization.Limited limited = Normalization.limitLegacy(integer(row, "current_replicas"),
                        integer(row, "desired_replicas"), integer(row, "min_replicas"), integer(row, "max_replicas"),
                        8.0, Normalization.LEGACY_SCALE_UP_MINIMUM);
                assertThat(limited.replicas()).isEqualTo(expected);
                assertThat(limited.reason()).isEqualTo(row.get("expected_condition"));
            }
            case "calculateScaleUpLimitWithScalingRules" -> assertThat(Normalization.scaleUpLimit(
                    integer(row, "current_replicas"), List.of(), List.of(), behavior(row).scaleUp(), NOW)).isEqualTo(expected);
            case "calculateScaleDownLimitWithBehaviors" -> assertThat(Normalization.scaleDownLimit(
                    integer(row, "current_replicas"), List.of(), List.of(), behavior(row).scaleDown(), NOW)).isEqualTo(expected);
            case "controller:reconcileAutoscaler" -> assertThat(reconcile(row)).isEqualTo(expected);
            default -> throw new IllegalArgumentException("unknown function " + function);
        }
    }

    /** A full reconcile: range pre-checks, then behavior or legacy normalization. */
    private static int reconcile(Map<String, String> row) {
        int current = integer(row, "current_replicas");
        int min = integer(row, "min_replicas");
        int max = integer(row, "max_replicas");
        OptionalInt preChecked = ConformanceRows.rangePreCheck(current, min, max);
        if (preChecked.isPresent()) {
            return preChecked.getAsInt();
        }
        int desired = integer(row, "desired_replicas");
        List<TimestampedRecommendation> history = ConformanceRows.recommendations(row.get("recommendations"));
        if (!present(row, "scale_up_policies")) {
            int stabilized = Normalization.stabilizeLegacy(desired, history, Duration.ofMinutes(5), NOW).replicas();
            return Normalization.limitLegacy(current, stabilized, min, max, 8.0, Normalization.LEGACY_SCALE_UP_MINIMUM)
                    .replicas();
        }
        Behavior behavior = behavior(row);
        int stabilized = Normalization.stabilize(desired, current, history, behavior.scaleUp().windowOrDefault(),
                behavior.scaleDown().windowOrDefault(), NOW).replicas();
        return Normalization.limit(current, stabilized, min, max, behavior, List.of(), List.of(), NOW).replicas();
    }

    private static Behavior behavior(Map<String, String> row) {
        ScalingRules up = present(row, "scale_up_policies")
                ? new ScalingRules(ConformanceRows.policies(row.get("scale_up_policies")),
                        ConformanceRows.select(row.get("scale_up_select_policy")),
                        ConformanceRows.window(row.get("scale_up_window_seconds")))
                : ScalingRules.defaultScaleUp();
        ScalingRules down = present(row, "scale_down_policies")
                ? new ScalingRules(ConformanceRows.policies(row.get("scale_down_policies")),
                        ConformanceRows.select(row.get("scale_down_select_policy")),
                        ConformanceRows.window(row.get("scale_down_window_seconds")))
                : ScalingRules.defaultScaleDown();
        return new Behavior(up, down);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("auxRows")
    void defaultsAndEventBookkeepingMatch(String name, Map<String, String> row) {
        String function = row.get("function");
        Map<String, String> input = fields(row.get("input"));
        if (function.startsWith("GenerateHPAScale")) {
            Optional<List<RatePolicy>> policies = Optional.ofNullable(input.get("policies")).map(ConformanceRows::policies);
            Optional<SelectPolicy> select = Optional.ofNullable(input.get("select")).map(ConformanceRows::select);
            Optional<Duration> window = Optional.ofNullable(input.get("window")).map(s -> Duration.ofSeconds(Long.parseLong(s)));
            ScalingRules rules = function.equals("GenerateHPAScaleUpRules")
                    ? ScalingRules.scaleUp(policies, select, window)
                    : ScalingRules.scaleDown(policies, select, window);
            assertThat(rules.policies()).isEqualTo(ConformanceRows.policies(row.get("expected_policies")));
            assertThat(rules.stabilizationWindow()).isEqualTo(ConformanceRows.window(row.get("expected_window_seconds")));
            assertThat(rules.select()).isEqualTo(ConformanceRows.select(row.get("expected_select_policy")));
            return;
        }
        List<ScaleEvent> previous = input.get("prev_events").equals("(none)") ? List.of()
                : ConformanceRows.events(input.get("prev_events"));
        assertThat(Normalization.changeWithin(Duration.ofSeconds(60), previous, NOW))
                .isEqualTo(integer(row, "expected_replicas_change_last_60s"));
        String rules = input.get("rules");
        // Without spec.behavior nothing is stored.
        List<ScaleEvent> after = rules.equals("(behavior nil)") ? previous
                : Normalization.storeEvent(previous, 5, new ScalingRules(ConformanceRows.policies(rules), SelectPolicy.MAX,
                        Optional.empty()), NOW);
        String expected = row.get("expected_events_after_storing");
        assertThat(after.stream().map(event -> event.change() + (event.outdated() ? "(outdated)" : "")).toList())
                .containsExactlyElementsOf(expected.equals("(none stored)") ? List.of() : list(expected));
    }

    /** "policies=Pods:1:2;Percent:3:4 window=25 select=Max" or "prev_events=7@61 rules=(behavior nil)". */
    private static Map<String, String> fields(String input) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String part : input.split(" (?=[a-z_]+=)")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return fields;
    }
}
