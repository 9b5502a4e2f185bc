package io.qscale.core.protocol;

import io.qscale.rules.validation.Require;

/**
 * What a worker reports of its work with a heartbeat. Immutable and thread-safe.
 *
 * @param slots how many tasks it runs at once (its concurrency), at least 1
 * @param busy how many slots run a task now
 * @param tasks the ids of the tasks it runs, comma-separated (for people; may be cut short)
 */
public record WorkerActivity(int slots, int busy, String tasks) {

    /** A one-slot worker that runs nothing. */
    public static final WorkerActivity IDLE_SINGLE = new WorkerActivity(1, 0, "");

    /** At most this many characters of task ids go into a heartbeat. */
    static final int MAX_TASKS_TEXT = 200;

    public WorkerActivity {
        Require.atLeast("slots", slots, 1);
        Require.that(busy >= 0 && busy <= slots, "busy", "must be between 0 and slots (" + slots + ")", busy);
        Require.nonNull("tasks", tasks);
        if (tasks.length() > MAX_TASKS_TEXT) {
            tasks = tasks.substring(0, MAX_TASKS_TEXT);
        }
    }
}
