package io.qscale.worker.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qscale.core.protocol.TaskEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DemoTasksTest {

    @Test
    void aBatchCarriesTheDurationAndTheFailRateOnlyWhenSet() {
        List<TaskEnvelope> plain = DemoTasks.batch("sleep", 3, 250, 0, Instant.EPOCH);
        List<TaskEnvelope> flaky = DemoTasks.batch("cpu", 1, 10, 0.5, Instant.EPOCH);

        assertThat(plain).hasSize(3).allSatisfy(task -> {
            assertThat(task.type()).isEqualTo("sleep");
            assertThat(task.payload().get("ms").asLong()).isEqualTo(250);
            assertThat(task.payload().has("failRate")).isFalse();
        });
        assertThat(plain).extracting(TaskEnvelope::id).doesNotHaveDuplicates();
        assertThat(flaky.get(0).payload().get("failRate").asDouble()).isEqualTo(0.5);
    }

    @Test
    void aFailTaskWithoutARateFailsEveryTime() {
        TaskEnvelope task = DemoTasks.batch("fail", 1, 0, 0, Instant.EPOCH).get(0);
        DemoTaskHandler handler = new DemoTaskHandler(Duration.ZERO, new SplittableRandom(3));

        assertThatThrownBy(() -> handler.handle(task)).hasMessage("simulated failure");
    }
}
