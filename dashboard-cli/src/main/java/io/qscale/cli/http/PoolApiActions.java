package io.qscale.cli.http;

import static io.qscale.cli.http.RequestBodies.integer;
import static io.qscale.cli.http.RequestBodies.known;
import static io.qscale.cli.http.RequestBodies.number;
import static io.qscale.cli.http.RequestBodies.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.qscale.cli.http.HttpReplies.BadRequest;
import io.qscale.core.control.ManagerMode;
import io.qscale.manager.runtime.Pool;
import io.qscale.cli.actions.PoolActions;
import io.qscale.cli.actions.QueueContext;
import io.qscale.cli.actions.StressRequest;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * The API's POST endpoints: the body's shape is checked here (fields known, of the right JSON
 * type), then the pool's one implementation of each action ({@link PoolActions}) does it with the
 * same rules and messages as the CLI, the prompt and the dashboard keys. Thread-safe.
 */
final class PoolApiActions {

    private final PoolActions actions;

    PoolApiActions(Pool pool) {
        this.actions = new PoolActions(QueueContext.of(pool));
    }

    Map<String, Object> scale(JsonNode body) {
        known(body, "workers");
        int workers = integer(body, "workers");
        return domain(() -> {
            actions.scale(workers);
            return Map.of("mode", ManagerMode.manual(workers).wire());
        });
    }

    Map<String, Object> mode(JsonNode body) {
        known(body, "mode", "workers");
        String name = text(body, "mode");
        OptionalInt workers = body.has("workers") ? OptionalInt.of(integer(body, "workers")) : OptionalInt.empty();
        return domain(() -> {
            ManagerMode chosen = actions.parseMode(name, workers);
            actions.setMode(chosen);
            return Map.of("mode", chosen.wire());
        });
    }

    Map<String, Object> stress(JsonNode body) {
        known(body, "tasks", "type", "durationMs", "failRate");
        int tasks = integer(body, "tasks");
        String type = body.has("type") ? text(body, "type") : "sleep";
        long durationMs = body.has("durationMs") ? integer(body, "durationMs") : StressRequest.DEFAULT_DURATION_MS;
        double failRate = number(body, "failRate", 0);
        return domain(() -> {
            long length = actions.stress(new StressRequest(tasks, type, durationMs, failRate), new PrintWriter(Writer.nullWriter()),
                    false);
            return Map.of("enqueued", tasks, "queueLength", length);
        });
    }

    /** Runs a pool action; the rules it breaks are the same for every caller and come back as 400 with their message. */
    private static Map<String, Object> domain(Supplier<Map<String, Object>> action) {
        try {
            return action.get();
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, e.getMessage());
        }
    }
}
