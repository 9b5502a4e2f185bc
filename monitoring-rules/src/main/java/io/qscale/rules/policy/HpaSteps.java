package io.qscale.rules.policy;

import io.qscale.rules.format.Human;
import io.qscale.rules.hpa.Behavior;
import io.qscale.rules.hpa.Normalization;
import io.qscale.rules.hpa.TimestampedRecommendation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The HPA's normalization as qscale's HPA-style policies use it: stabilization, then rate policies. */
final class HpaSteps {

    private HpaSteps() {
    }

    static ScalingPolicy.Result normalize(String policy, String rule, int raw, int current, Behavior behavior,
            ScalingState state, Instant now) {
        List<Clamp> clamps = new ArrayList<>();
        List<TimestampedRecommendation> history = state.recommendationsOf(policy);
        if (history.isEmpty()) {
            // As the HPA controller does the first time it sees an autoscaler: the current count is the
            // first recommendation, so a fresh start (or a manager restart) never cuts the pool at once.
            history = List.of(new TimestampedRecommendation(current, now));
        }
        Normalization.Stabilized stabilized = Normalization.stabilize(raw, current, history,
                behavior.scaleUp().windowOrDefault(), behavior.scaleDown().windowOrDefault(), now);
        if (stabilized.replicas() != raw) {
            boolean down = raw < current;
            clamps.add(new Clamp(Clamp.Kind.STABILIZATION, raw, stabilized.replicas(), down
                    ? "scale-down window " + Human.duration(behavior.scaleDown().windowOrDefault())
                            + ": highest recent recommendation is " + stabilized.replicas()
                    : "scale-up window " + Human.duration(behavior.scaleUp().windowOrDefault())
                            + ": lowest recent recommendation is " + stabilized.replicas()));
        }
        Normalization.Limited limited = Normalization.limit(current, stabilized.replicas(), 0, Integer.MAX_VALUE, behavior,
                state.upEvents(), state.downEvents(), now);
        if (limited.replicas() != stabilized.replicas()) {
            boolean up = stabilized.replicas() > current;
            clamps.add(new Clamp(Clamp.Kind.RATE, stabilized.replicas(), limited.replicas(), (up ? "scale-up" : "scale-down")
                    + " rate " + (up ? behavior.scaleUp() : behavior.scaleDown()).policies() + " allows "
                    + limited.replicas() + " now"));
        }
        Proposal proposal = new Proposal(policy, rule, raw, limited.replicas(), clamps, false);
        return new ScalingPolicy.Result(proposal, state.withRecommendations(policy, stabilized.history()));
    }
}
