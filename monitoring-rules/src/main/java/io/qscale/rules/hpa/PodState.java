package io.qscale.rules.hpa;

/**
 * How the HPA sees one pod (for qscale: one worker instance). Only the CPU resource metric looks
 * at readiness; every metric ignores failed and deleting pods and treats pending ones as unready.
 */
public enum PodState {
    /** Running, Ready, started long ago. */
    READY,
    /** Running, not Ready, never became ready (a worker still starting). */
    UNREADY,
    /** Started within the CPU initialization period, Ready, sample older than the transition. */
    HOT,
    /** Started within the CPU initialization period and not Ready. */
    HOT_UNREADY,
    /** Not scheduled or not started yet. */
    PENDING,
    /** Failed: ignored completely. */
    FAILED,
    /** Being deleted: ignored completely. */
    DELETING;

    boolean ignored() {
        return this == FAILED || this == DELETING;
    }

    /** Running and Ready, as counted by the Value-target metric kinds. */
    boolean runningAndReady() {
        return this == READY || this == HOT;
    }

    /** Unready for the CPU resource metric (after the missing-sample check). */
    boolean unreadyForCpu() {
        return this == UNREADY || this == HOT || this == HOT_UNREADY;
    }
}
