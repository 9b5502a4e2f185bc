package io.qscale.core.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.qscale.core.control.RecordedDecision.Outcome;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import io.qscale.rules.policy.DecisionKind;
import io.qscale.rules.policy.ScaleAction;
import io.qscale.rules.policy.ScaleDecision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The decision stream on a real Redis: a run of like holds is one entry that counts, so the
 * changes, failures and mode changes a reader looks for stay among the newest entries.
 */
@ExtendWith(RedisServerExtension.class)
class DecisionLogIT {

    private static final Instant T0 = Instant.parse("2026-12-08T10:00:00Z");
    private RedisSession redis;
    private DecisionLog log;

    @BeforeEach
    void connect(LocalRedisServer server) {
        redis = RedisSession.connect(RedisEndpoint.parse("test", server.uri()));
        log = new DecisionLog(redis, new QueueKeys("d-" + UUID.randomUUID().toString().substring(0, 6)), 100);
    }

    @AfterEach
    void close() {
        redis.close();
    }

    private static RecordedDecision decided(int second, ScaleAction action, int current, int target, ManagerMode mode, Outcome outcome) {
        ScaleDecision decision = new ScaleDecision(T0.plusSeconds(second), action, DecisionKind.POLICY, current, target,
                "thresholds", "rule", target, List.of(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                action.name().toLowerCase() + " at " + current + " (second " + second + ")");
        return new RecordedDecision(decision, "m1", true, mode, outcome, "", List.of(), List.of(), List.of());
    }

    private RecordedDecision hold(int second, int size) {
        return log.append(decided(second, ScaleAction.HOLD, size, size, ManagerMode.AUTO, Outcome.NO_CHANGE));
    }

    @Test
    void aScaleUpStaysInTheNewestTenAfterThirtyIdleSeconds() {
        for (int second = 0; second < 5; second++) {
            hold(second, 3);
        }
        log.append(decided(5, ScaleAction.SCALE_UP, 3, 5, ManagerMode.AUTO, Outcome.APPLIED));
        RecordedDecision lastHold = null;
        for (int second = 6; second < 36; second++) {
            lastHold = hold(second, 5);
        }

        List<RecordedDecision> recent = log.recent(10);

        assertThat(recent).extracting(RecordedDecision::kind).containsExactly("hold", "change", "hold");
        assertThat(recent.get(0).repeats()).isEqualTo(30);
        assertThat(recent.get(0).since()).isEqualTo(T0.plusSeconds(6));
        assertThat(recent.get(0).decision().at()).as("the newest entry is the latest decision").isEqualTo(T0.plusSeconds(35));
        assertThat(recent.get(0)).isEqualTo(lastHold);
        assertThat(recent.get(1).decision().reason()).isEqualTo("scale_up at 3 (second 5)");
        assertThat(recent.get(2).repeats()).isEqualTo(5);
        assertThat(recent.get(2).since()).isEqualTo(T0);
    }

    @Test
    void failuresAndChangesNeverFoldButAModeOrTargetChangeStartsANewRun() {
        log.append(decided(0, ScaleAction.SCALE_UP, 1, 2, ManagerMode.AUTO, Outcome.FAILED));
        log.append(decided(1, ScaleAction.SCALE_UP, 1, 2, ManagerMode.AUTO, Outcome.FAILED));
        log.append(decided(2, ScaleAction.SCALE_UP, 1, 2, ManagerMode.AUTO, Outcome.BACKING_OFF));
        log.append(decided(3, ScaleAction.SCALE_UP, 1, 2, ManagerMode.AUTO, Outcome.BACKING_OFF));
        log.append(decided(4, ScaleAction.HOLD, 1, 1, ManagerMode.DRY_RUN, Outcome.DRY_RUN));
        log.append(decided(5, ScaleAction.HOLD, 1, 1, ManagerMode.AUTO, Outcome.NO_CHANGE));
        log.append(decided(6, ScaleAction.HOLD, 2, 2, ManagerMode.AUTO, Outcome.NO_CHANGE));

        List<RecordedDecision> recent = log.recent(10);

        assertThat(recent).extracting(RecordedDecision::outcome).containsExactly(Outcome.NO_CHANGE, Outcome.NO_CHANGE,
                Outcome.DRY_RUN, Outcome.BACKING_OFF, Outcome.FAILED, Outcome.FAILED);
        assertThat(recent).extracting(RecordedDecision::repeats).containsExactly(1, 1, 1, 2, 1, 1);
        assertThat(recent).extracting(RecordedDecision::kind).containsExactly("hold", "hold", "dry-run", "failure",
                "failure", "failure");
    }

    @Test
    void aDrainedWorkerStoppedDuringAHoldIsAChangeThatDoesNotFold() {
        RecordedDecision stopping = new RecordedDecision(decided(0, ScaleAction.HOLD, 3, 3, ManagerMode.AUTO, Outcome.NO_CHANGE).decision(),
                "m1", true, ManagerMode.AUTO, Outcome.NO_CHANGE, "", List.of(), List.of(), List.of("w4"));
        hold(0, 3);
        log.append(stopping);
        hold(1, 3);

        assertThat(log.recent(10)).extracting(RecordedDecision::kind).containsExactly("hold", "change", "hold");
    }
}
