package io.qscale.worker.demo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qscale.core.json.Json;
import io.qscale.core.protocol.TaskEnvelope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds tasks the {@link DemoTaskHandler} understands: the one place that knows their payload
 * ({@code ms}, {@code failRate}), for {@code qscale stress}, the demo and the API. Stateless.
 */
public final class DemoTasks {

    /** The task types a producer may ask for ({@code raw} is only for foreign items). */
    public static final List<String> TYPES = List.of("sleep", "cpu", "fail", "noop");

    private DemoTasks() {
    }

    /** {@code count} tasks of {@code type}, each {@code durationMs} long, failing with {@code failRate} (0 to leave the type's default). */
    public static List<TaskEnvelope> batch(String type, int count, long durationMs, double failRate, Instant now) {
        List<TaskEnvelope> tasks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ObjectNode payload = Json.mapper().createObjectNode().put("ms", durationMs);
            if (failRate > 0) {
                payload.put("failRate", failRate);
            }
            tasks.add(TaskEnvelope.create(type, payload, now));
        }
        return tasks;
    }
}
