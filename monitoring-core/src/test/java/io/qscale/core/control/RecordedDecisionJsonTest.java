package io.qscale.core.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.qscale.core.json.Json;
import io.qscale.rules.policy.Clamp;
import io.qscale.rules.policy.DecisionInputs;
import io.qscale.rules.policy.DecisionKind;
import io.qscale.rules.policy.ScaleAction;
import io.qscale.rules.policy.ScaleDecision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A decision record's JSON keeps its wire names (the API's and the stream's) while the code holds types. */
class RecordedDecisionJsonTest {

    @Test
    void theModeAndAClampKindAreTheirWireNamesAndReadBack() throws Exception {
        ScaleDecision decision = new ScaleDecision(Instant.parse("2026-12-08T10:00:00Z"), ScaleAction.SCALE_UP, DecisionKind.POLICY,
                2, 4, "thresholds", "queue > 8", 6, List.of(new Clamp(Clamp.Kind.COOLDOWN, 6, 4, "scale-up cooldown")),
                List.of(), Optional.of(new DecisionInputs(2, 25, 2, 2, 2, 1.0, 4000, 3000, 0.5, 0.3,
                        java.util.OptionalDouble.of(0.4), java.util.OptionalDouble.empty())),
                Optional.empty(), Optional.empty(), "scale up 2 → 4");
        RecordedDecision recorded = new RecordedDecision(decision, "m1", true, ManagerMode.manual(4),
                RecordedDecision.Outcome.APPLIED, "", List.of("w3"), List.of(), List.of());

        String json = Json.encode(recorded);
        JsonNode tree = Json.mapper().readTree(json);

        assertThat(tree.get("mode").asText()).isEqualTo("manual:4");
        assertThat(tree.at("/decision/clamps/0/kind").asText()).isEqualTo("cooldown");
        assertThat(tree.get("kind").asText()).isEqualTo("change");
        assertThat(tree.at("/decision/inputs/queueLength").asLong()).isEqualTo(25);
        assertThat(tree.at("/decision/inputs/poolCpuMean").asDouble()).isEqualTo(0.4);
        assertThat(Json.mapper().readValue(json, RecordedDecision.class)).isEqualTo(recorded);
    }
}
