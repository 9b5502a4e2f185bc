package io.qscale.cli.http;

import static io.qscale.cli.http.RequestBodies.integer;
import static io.qscale.cli.http.RequestBodies.known;
import static io.qscale.cli.http.RequestBodies.number;
import static io.qscale.cli.http.RequestBodies.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.qscale.cli.http.HttpReplies.BadRequest;
import io.qscale.core.control.ManagerMode;
import io.qscale.manager.runtime.Pool;
import io.qscale.worker.demo.DemoTasks;
import java.time.Instant;
import java.util.Map;

/**
 * What the API's POST endpoints do to a pool, once the body is validated: set the mode, hold N
 * workers, enqueue demo tasks. A manual target follows the one bounds rule of
 * {@link io.qscale.rules.config.ScalingConfig#checkManualTarget}. Thread-safe.
 */
final class PoolApiActions {

    private final Pool pool;

    PoolApiActions(Pool pool) {
        this.pool = pool;
    }

    Map<String, Object> scale(JsonNode body) {
        known(body, "workers");
        ManagerMode mode = manual(integer(body, "workers"));
        pool.modes().set(mode);
        return Map.of("mode", mode.wire());
    }

    Map<String, Object> mode(JsonNode body) {
        known(body, "mode", "workers");
        JsonNode mode = body.get("mode");
        if (mode == null || !mode.isTextual()) {
            throw new BadRequest(400, "field mode is required: auto, manual or dry-run");
        }
        ManagerMode chosen = switch (mode.asText()) {
            case "auto" -> ManagerMode.AUTO;
            case "dry-run" -> ManagerMode.DRY_RUN;
            case "manual" -> manual(integer(body, "workers"));
            default -> throw new BadRequest(400, "field mode must be auto, manual or dry-run, but was " + mode);
        };
        if (chosen.kind() != ManagerMode.Kind.MANUAL && body.has("workers")) {
            throw new BadRequest(400, "field workers goes with mode manual only");
        }
        pool.modes().set(chosen);
        return Map.of("mode", chosen.wire());
    }

    Map<String, Object> stress(JsonNode body) {
        known(body, "tasks", "type", "durationMs", "failRate");
        int tasks = integer(body, "tasks", null, 1, 10_000);
        String type = body.has("type") ? text(body, "type") : "sleep";
        if (!DemoTasks.TYPES.contains(type)) {
            throw new BadRequest(400, "field type must be one of " + String.join(", ", DemoTasks.TYPES) + ", but was \"" + type + "\"");
        }
        int durationMs = integer(body, "durationMs", 3000, 0, 3_600_000);
        double failRate = number(body, "failRate", 0, 0, 1);
        long length = pool.tasks().enqueueAll(DemoTasks.batch(type, tasks, durationMs, failRate, Instant.now()));
        return Map.of("enqueued", tasks, "queueLength", length);
    }

    private ManagerMode manual(int workers) {
        try {
            pool.config().checkManualTarget(workers);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "field workers: " + e.getMessage());
        }
        return ManagerMode.manual(workers);
    }
}
