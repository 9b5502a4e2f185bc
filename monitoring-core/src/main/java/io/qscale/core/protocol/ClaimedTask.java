package io.qscale.core.protocol;

import java.time.Instant;

/**
 * A task a worker has claimed: the envelope (attempts already counted) and the exact text that
 * sits in the worker's processing list, which ack, fail and release remove. Immutable.
 *
 * @param envelope the decoded task
 * @param raw the envelope's text in the processing list
 * @param startedAt when the claim was started (server clock)
 */
public record ClaimedTask(TaskEnvelope envelope, String raw, Instant startedAt) {
}
