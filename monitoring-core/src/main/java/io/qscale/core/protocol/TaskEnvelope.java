package io.qscale.core.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.qscale.rules.validation.Require;
import java.time.Instant;
import java.util.UUID;

/**
 * A task as it travels through Redis (JSON, see docs/protocol.md). Immutable and thread-safe.
 *
 * @param id unique id, chosen by the producer
 * @param type what to do; the worker's handler dispatches on it
 * @param payload the task's arguments, any JSON value
 * @param enqueuedAt when the producer enqueued it (epoch ms, producer's clock)
 * @param attempts how many times a worker has claimed it (0 while it has never been claimed)
 * @param lastError why the previous attempt failed, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TaskEnvelope(String id, String type, JsonNode payload, long enqueuedAt, int attempts, String lastError) {

    public TaskEnvelope {
        // As the protocol (and the start script) has it: non-empty; a producer in Java is held to more in create().
        Require.nonEmpty("id", id);
        Require.nonEmpty("type", type);
        payload = payload == null ? NullNode.getInstance() : payload;
        Require.atLeast("attempts", attempts, 0);
    }

    /** A new task with a random id, enqueued at {@code now}. */
    public static TaskEnvelope create(String type, JsonNode payload, Instant now) {
        Require.nonBlank("type", type);
        return new TaskEnvelope(UUID.randomUUID().toString(), type, payload, now.toEpochMilli(), 0, null);
    }

    public Instant enqueuedInstant() {
        return Instant.ofEpochMilli(enqueuedAt);
    }
}
