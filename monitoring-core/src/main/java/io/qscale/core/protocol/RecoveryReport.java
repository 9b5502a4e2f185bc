package io.qscale.core.protocol;

/**
 * What one recovery pass did. Immutable.
 *
 * @param deadWorkers dead workers removed from the registry
 * @param requeued their tasks put back on the queue
 * @param deadLettered their tasks given up (attempts exhausted or malformed)
 */
public record RecoveryReport(int deadWorkers, int requeued, int deadLettered) {

    public boolean isEmpty() {
        return deadWorkers == 0 && requeued == 0 && deadLettered == 0;
    }
}
