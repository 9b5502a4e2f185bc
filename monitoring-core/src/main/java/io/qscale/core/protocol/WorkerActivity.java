package io.qscale.core.protocol;

import io.qscale.rules.validation.Require;

/**
 * What a worker reports of its work with a heartbeat. Immutable and thread-safe.
 *
 * Whether it is busy is not reported: the scripts count its started tasks exactly (the worker's
 * {@code held}), per task.
 *
 * @param slots how many tasks it runs at once (its concurrency), at least 1
 * @param tasks the ids of the tasks it runs, comma-separated (for people; may be cut short)
 */
public record WorkerActivity(int slots, String tasks) {

    /** A one-slot worker that runs nothing. */
    public static final WorkerActivity IDLE_SINGLE = new WorkerActivity(1, "");

    /** At most this many characters of task ids go into a heartbeat. */
    static final int MAX_TASKS_TEXT = 200;

    public WorkerActivity {
        Require.atLeast("slots", slots, 1);
        Require.nonNull("tasks", tasks);
        if (tasks.length() > MAX_TASKS_TEXT) {
            tasks = tasks.substring(0, MAX_TASKS_TEXT);
        }
    }
}
