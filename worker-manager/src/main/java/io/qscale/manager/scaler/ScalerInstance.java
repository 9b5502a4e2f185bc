package io.qscale.manager.scaler;

import java.time.Instant;

/**
 * One worker instance a scaler runs. Immutable.
 *
 * @param workerId the id the worker heartbeats with ({@code QSCALE_WORKER_ID})
 * @param reference the scaler's own handle: a pid, a container id, a Swarm task id
 * @param startedAt when it was started
 */
public record ScalerInstance(String workerId, String reference, Instant startedAt) {
}
