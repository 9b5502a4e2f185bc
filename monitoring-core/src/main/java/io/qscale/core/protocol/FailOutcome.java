package io.qscale.core.protocol;

/** What became of a failed attempt. */
public enum FailOutcome {
    /** Back on the queue for another attempt. */
    RETRY,
    /** Attempts exhausted: in the dead-letter list with the reason. */
    DEAD_LETTERED,
    /** No longer held by this worker (recovered after it was presumed dead); nothing changed. */
    GONE
}
