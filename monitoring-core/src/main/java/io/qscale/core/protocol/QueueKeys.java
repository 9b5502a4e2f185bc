package io.qscale.core.protocol;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The Redis key schema of one queue. Every key shares the hash tag {@code {queue}}, so that the
 * scripts also run on Redis Cluster. Immutable and thread-safe.
 */
public final class QueueKeys {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    /**
     * Every key of a queue, as what follows the prefix: a fixed name, or a family (ending in
     * {@code :}) followed by a worker id or a bucket's start. The one statement of the schema:
     * {@code KeySchemaTest} fails when a method here, a Lua script or docs/protocol.md's key table
     * names a key that is not in it, or when one here is not named by a method.
     */
    public static final List<String> SCHEMA = List.of("queue", "processing:", "worker:", "workers", "drain", "dead", "leader",
            "mode", "decisions", "counts", "running", "cpu", "stats:");

    private final String queue;
    private final String prefix;

    public QueueKeys(String queue) {
        if (queue == null || !NAME.matcher(queue).matches()) {
            throw new IllegalArgumentException("queue must be 1 to 100 characters of letters, digits, '.', '_', ':'"
                    + " or '-', but was " + (queue == null ? "missing" : "'" + queue + "'"));
        }
        this.queue = queue;
        this.prefix = "qscale:{" + queue + "}:";
    }

    public String queueName() {
        return queue;
    }

    /** {@code qscale:{q}:} — the start of every key of this queue. */
    public String prefix() {
        return prefix;
    }

    /** LIST of waiting task envelopes; producers LPUSH, workers take from the right. */
    public String queue() {
        return prefix + "queue";
    }

    /** LIST of the tasks one worker has claimed and not finished. */
    public String processing(String workerId) {
        return prefix + "processing:" + workerId;
    }

    /** HASH describing one worker (state, task, counters, host, pid, ...). */
    public String worker(String workerId) {
        return prefix + "worker:" + workerId;
    }

    /** ZSET of worker ids scored by their last heartbeat (server time, ms). */
    public String workers() {
        return prefix + "workers";
    }

    /** SET of worker ids asked to drain (or draining on their own). */
    public String drain() {
        return prefix + "drain";
    }

    /** LIST of dead letters: {task, reason, worker, failedAt}. */
    public String deadLetters() {
        return prefix + "dead";
    }

    /** STRING: the id of the manager holding the leader lease (SET NX PX, renewed by compare-and-expire). */
    public String leader() {
        return prefix + "leader";
    }

    /** STRING: the manager mode, {@code auto}, {@code manual:N} or {@code dry-run}; absent means the manager's own. */
    public String mode() {
        return prefix + "mode";
    }

    /** STREAM of decision records (JSON in field {@code decision}), capped. */
    public String decisions() {
        return prefix + "decisions";
    }

    /** HASH of the queue's counters kept by the scripts: slots, held, busy, cpuSum, cpuCount (docs/protocol.md, *Counters*). */
    public String counts() {
        return prefix + "counts";
    }

    /** ZSET of started tasks: member {@code <worker> <task id>}, scored by the task's start (server ms). */
    public String running() {
        return prefix + "running";
    }

    /** ZSET of worker id to its reported CPU (thousandths). */
    public String cpu() {
        return prefix + "cpu";
    }

    /** HASH of counters for the statistics bucket that starts at {@code epochSecond}. */
    public String stats(long epochSecond) {
        return prefix + "stats:" + epochSecond;
    }
}
