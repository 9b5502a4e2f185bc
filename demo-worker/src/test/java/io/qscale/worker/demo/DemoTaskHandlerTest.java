package io.qscale.worker.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.qscale.core.json.Json;
import io.qscale.core.protocol.TaskEnvelope;
import io.qscale.worker.PermanentTaskFailure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTaskHandlerTest {

    private final DemoTaskHandler handler = new DemoTaskHandler(Duration.ofMillis(1), new SplittableRandom(7));

    private static TaskEnvelope task(String type, String payloadJson) throws Exception {
        JsonNode payload = Json.mapper().readTree(payloadJson);
        return new TaskEnvelope("t1", type, payload, 0, 1, null);
    }

    @Test
    void aSleepTaskWaitsItsDuration() throws Exception {
        long start = System.nanoTime();
        handler.handle(task("sleep", "{\"ms\": 30}"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(30));
    }

    @Test
    void aFailTaskFailsByDefaultAndNeverWithRateZero() {
        assertThatThrownBy(() -> handler.handle(task("fail", "{\"ms\": 0}")))
                .isInstanceOf(DemoTaskHandler.DemoFailure.class).hasMessage("simulated failure");
        assertThatCode(() -> handler.handle(task("fail", "{\"ms\": 0, \"failRate\": 0}"))).doesNotThrowAnyException();
    }

    @Test
    void anUnknownTypeIsAPermanentFailureThatListsTheKnownTypes() {
        assertThatThrownBy(() -> handler.handle(task("resize-image", "{}")))
                .isInstanceOf(PermanentTaskFailure.class)
                .hasMessage("unknown task type 'resize-image'; the demo worker handles sleep, cpu, fail, noop, record and raw");
    }

    @Test
    void badPayloadFieldsArePermanentFailuresNamingFieldAndValue() {
        assertThatThrownBy(() -> handler.handle(task("sleep", "{\"ms\": -5}")))
                .isInstanceOf(PermanentTaskFailure.class)
                .hasMessage("payload field ms must be a whole number from 0 to 3600000, but was -5");
        assertThatThrownBy(() -> handler.handle(task("sleep", "{\"ms\": 1, \"failRate\": \"often\"}")))
                .isInstanceOf(PermanentTaskFailure.class)
                .hasMessage("payload field failRate must be a number from 0 to 1, but was \"often\"");
    }

    @Test
    void aCpuTaskStopsWhenInterrupted() {
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> handler.handle(task("cpu", "{\"ms\": 60000}")))
                .isInstanceOf(InterruptedException.class);
    }

    @Test
    void aRecordTaskAppendsItsIdAndAttemptToThisProcesssFile(@TempDir Path dir)
            throws Exception {
        DemoTaskHandler handler = new DemoTaskHandler(Duration.ZERO, new Random(1), Optional.of(dir));
        TaskEnvelope first = new TaskEnvelope("t1", "record", null, 0, 1, null);
        TaskEnvelope again = new TaskEnvelope("t1", "record", null, 0, 2, null);

        handler.handle(first);
        handler.handle(again);

        List<String> lines = Files.readAllLines(dir.resolve(ProcessHandle.current().pid() + ".ids"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("t1 1 ");
        assertThat(lines.get(1)).startsWith("t1 2 ");
    }

    @Test
    void aRecordTaskWithoutARecordFolderIsAPermanentFailure() {
        DemoTaskHandler handler = new DemoTaskHandler(Duration.ZERO, new Random(1));

        assertThatThrownBy(() -> handler.handle(
                new TaskEnvelope("t1", "record", null, 0, 1, null)))
                .isInstanceOf(PermanentTaskFailure.class).hasMessage("record tasks need QSCALE_RECORD_DIR");
    }
}
