package io.qscale.cli.actions;

import io.qscale.worker.demo.DemoTasks;

/**
 * A request to enqueue demo tasks, validated once with the one set of limits that the CLI, the
 * interactive prompt, the dashboard's {@code s} key and {@code POST /api/stress} all share: a bad
 * value is refused with the same message wherever it was asked. Immutable.
 *
 * @param tasks how many, 1 to {@link #MAX_TASKS}
 * @param type one of {@link DemoTasks#TYPES}
 * @param durationMs each task's duration, 0 to {@link #MAX_DURATION_MS}
 * @param failRate the chance that a task fails, 0 to 1
 */
public record StressRequest(int tasks, String type, long durationMs, double failRate) {

    /** The most tasks one request enqueues (in chunks of 500: a few seconds against a local Redis). */
    public static final int MAX_TASKS = 100_000;
    /** The longest task: an hour. */
    public static final long MAX_DURATION_MS = 3_600_000;
    /** What {@code stress 25} means everywhere: the story's burst of 3-second sleeps. */
    public static final long DEFAULT_DURATION_MS = 3000;

    public StressRequest {
        if (tasks < 1 || tasks > MAX_TASKS) {
            throw new IllegalArgumentException("tasks must be between 1 and " + MAX_TASKS + ", but was " + tasks);
        }
        if (type == null || !DemoTasks.TYPES.contains(type)) {
            throw new IllegalArgumentException("type must be one of " + String.join(", ", DemoTasks.TYPES) + ", but was '" + type + "'");
        }
        if (durationMs < 0 || durationMs > MAX_DURATION_MS) {
            throw new IllegalArgumentException("durationMs must be between 0 and " + MAX_DURATION_MS + ", but was " + durationMs);
        }
        if (!(failRate >= 0 && failRate <= 1)) {
            throw new IllegalArgumentException("failRate must be between 0 and 1, but was " + failRate);
        }
    }

    /** {@code count} sleep tasks of the default duration. */
    public static StressRequest sleeps(int count) {
        return new StressRequest(count, "sleep", DEFAULT_DURATION_MS, 0);
    }
}
