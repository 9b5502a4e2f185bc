package io.qscale.core.protocol;

import java.time.Instant;

/**
 * One worker as the registry sees it. Immutable.
 *
 * @param id the worker's id
 * @param state idle, busy or draining
 * @param task the id of the task it holds, or empty
 * @param processed tasks it completed
 * @param failed attempts it failed
 * @param host where it runs
 * @param pid its process id there
 * @param startedAt when it started
 * @param lastSeen its last heartbeat (server clock)
 * @param alive whether that heartbeat is within the dead-after time
 */
public record WorkerInfo(String id, WorkerState state, String task, long processed, long failed, String host,
        long pid, Instant startedAt, Instant lastSeen, boolean alive) {
}
