package io.qscale.rules.hpa;

import io.qscale.rules.validation.Require;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The HPA's rules for one direction: rate policies, how to pick among them, and the
 * stabilization window (empty: the controller's default). Immutable.
 */
public record ScalingRules(List<RatePolicy> policies, SelectPolicy select, Optional<Duration> stabilizationWindow) {

    /** The controller's {@code --horizontal-pod-autoscaler-downscale-stabilization}. */
    public static final Duration DEFAULT_DOWNSCALE_WINDOW = Duration.ofMinutes(5);

    public ScalingRules {
        policies = List.copyOf(Require.nonNull("policies", policies));
        Require.that(!policies.isEmpty() || select == SelectPolicy.DISABLED, "policies", "must not be empty unless selectPolicy is Disabled", policies);
        Require.nonNull("selectPolicy", select);
        Require.nonNull("stabilizationWindow", stabilizationWindow);
        stabilizationWindow.ifPresent(window -> Require.that(!window.isNegative() && window.toSeconds() <= 3600,
                "stabilizationWindow", "must be between 0 and 3600 s", window));
    }

    /** {@code GenerateHPAScaleUpRules(nil)}: 4 pods or 100 % per 15 s, whichever is more; no window. */
    public static ScalingRules defaultScaleUp() {
        return new ScalingRules(List.of(RatePolicy.pods(4, 15), RatePolicy.percent(100, 15)), SelectPolicy.MAX,
                Optional.of(Duration.ZERO));
    }

    /** {@code GenerateHPAScaleDownRules(nil)}: 100 % per 15 s; the window is the controller's (5 min). */
    public static ScalingRules defaultScaleDown() {
        return new ScalingRules(List.of(RatePolicy.percent(100, 15)), SelectPolicy.MAX, Optional.empty());
    }

    /**
     * {@code GenerateHPAScaleUpRules}: each field the user sets replaces the default field whole
     * (a policy list replaces the whole default list).
     */
    public static ScalingRules scaleUp(Optional<List<RatePolicy>> policies, Optional<SelectPolicy> select,
            Optional<Duration> window) {
        ScalingRules defaults = defaultScaleUp();
        return new ScalingRules(policies.orElse(defaults.policies()), select.orElse(defaults.select()),
                window.isPresent() ? window : defaults.stabilizationWindow());
    }

    /** {@code GenerateHPAScaleDownRules}: as {@link #scaleUp}, over the scale-down defaults. */
    public static ScalingRules scaleDown(Optional<List<RatePolicy>> policies, Optional<SelectPolicy> select,
            Optional<Duration> window) {
        ScalingRules defaults = defaultScaleDown();
        return new ScalingRules(policies.orElse(defaults.policies()), select.orElse(defaults.select()),
                window.isPresent() ? window : defaults.stabilizationWindow());
    }

    /** The window, or the controller's downscale default when unset. */
    public Duration windowOrDefault() {
        return stabilizationWindow.orElse(DEFAULT_DOWNSCALE_WINDOW);
    }

    /** The longest policy period: events older than it can no longer limit anything. */
    public Duration longestPeriod() {
        return Duration.ofSeconds(policies.stream().mapToInt(RatePolicy::periodSeconds).max().orElse(0));
    }
}
