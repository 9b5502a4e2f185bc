package io.qscale.worker;

import io.qscale.core.protocol.TaskEnvelope;

/**
 * What a worker does with a task: return to complete it, throw to fail the attempt (it is retried
 * until its attempts run out), or throw {@link PermanentTaskFailure} to dead-letter it at once.
 * Implementations are called from one worker thread; they should honour interruption, which is
 * how a worker past its shutdown grace time asks them to stop.
 */
@FunctionalInterface
public interface TaskHandler {

    void handle(TaskEnvelope task) throws Exception;
}
