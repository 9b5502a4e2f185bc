package io.qscale.core.protocol;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.ScoredValue;
import io.qscale.core.redis.RedisSession;
import io.qscale.rules.validation.Require;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker registry of one queue: heartbeats, drain requests, deregistration, recovery of dead
 * workers' tasks, and a listing for people. Thread-safe.
 */
public final class WorkerRegistry {

    /** Dead workers handled per recovery script call, so that one call never blocks Redis long. */
    static final int RECOVERY_BATCH = 100;

    private final RedisSession redis;
    private final QueueKeys keys;
    private final ProtocolSettings settings;

    public WorkerRegistry(RedisSession redis, QueueKeys keys, ProtocolSettings settings) {
        this.redis = Require.nonNull("redis", redis);
        this.keys = Require.nonNull("keys", keys);
        this.settings = Require.nonNull("settings", settings);
    }

    /** Stores a heartbeat (registering the worker if needed) and tells whether it must drain. */
    public HeartbeatReply heartbeat(WorkerIdentity worker, boolean drainingOnItsOwn) {
        return heartbeat(worker, drainingOnItsOwn, WorkerLoad.UNKNOWN);
    }

    /** The same, with the worker's own CPU and its host's (docs/protocol.md: fields cpu, hostCpu). */
    public HeartbeatReply heartbeat(WorkerIdentity worker, boolean drainingOnItsOwn, WorkerLoad load) {
        return heartbeat(worker, drainingOnItsOwn, load, WorkerActivity.IDLE_SINGLE);
    }

    /**
     * The same, with the worker's slots (the queue's slot counter follows them) and the ids of
     * the tasks it runs (stored for people). Busy or idle is not sent: the scripts count it.
     */
    public HeartbeatReply heartbeat(WorkerIdentity worker, boolean drainingOnItsOwn, WorkerLoad load,
            WorkerActivity activity) {
        List<String> args = new ArrayList<>(List.of(worker.id(), drainingOnItsOwn ? "1" : "0",
                keys.prefix(),
                "slots", Integer.toString(activity.slots()),
                "task", activity.tasks(),
                "host", worker.host(),
                "pid", Long.toString(worker.pid()),
                "startedAt", Long.toString(worker.startedAt().toEpochMilli()),
                "version", worker.version()));
        args.addAll(List.of(load.fields()));
        List<Object> reply = Scripts.HEARTBEAT.run(redis.commands(), ScriptOutputType.MULTI,
                new String[] {keys.workers(), keys.worker(worker.id()), keys.drain()}, args.toArray(new String[0]));
        return new HeartbeatReply((Long) reply.get(0) == 1L, Instant.ofEpochMilli((Long) reply.get(1)));
    }

    /**
     * Removes a worker from the registry. Anything still in its processing list goes back to the
     * front of the queue first; returns how many tasks that was (0 after a clean drain).
     */
    public long deregister(String workerId) {
        return Scripts.DEREGISTER.run(redis.commands(), ScriptOutputType.INTEGER,
                new String[] {keys.workers(), keys.worker(workerId), keys.drain(), keys.processing(workerId), keys.queue()},
                workerId, keys.prefix());
    }

    /** Whether the worker is in the registry (alive, or dead and not recovered yet). */
    public boolean isRegistered(String workerId) {
        return redis.commands().zscore(keys.workers(), workerId) != null;
    }

    /** When each worker's oldest running task started (server time), for the workers running one. */
    public Map<String, Instant> oldestTaskStarts() {
        Map<String, Instant> starts = new HashMap<>();
        for (ScoredValue<String> task : redis.commands().zrangeWithScores(keys.running(), 0, -1)) {
            String member = task.getValue();
            int space = member.indexOf(' ');
            if (space > 0) {
                starts.merge(member.substring(0, space), Instant.ofEpochMilli((long) task.getScore()),
                        (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        return starts;
    }

    /** Asks a worker to drain: stop claiming, finish its task, deregister and exit. */
    public void requestDrain(String workerId) {
        redis.commands().sadd(keys.drain(), workerId);
    }

    /** Withdraws a drain request (a scale-up arrived while it was pending). */
    public void cancelDrain(String workerId) {
        redis.commands().srem(keys.drain(), workerId);
    }

    /**
     * Gives the tasks of every worker not seen for {@link ProtocolSettings#deadAfter()} back to
     * the queue (attempts already counted; past max attempts to the dead-letter list). Atomic per
     * batch, so any number of workers and managers may run it at once.
     */
    public RecoveryReport recoverDeadWorkers() {
        int workers = 0;
        int requeued = 0;
        int deadLettered = 0;
        while (true) {
            List<Long> batch = Scripts.RECOVER.run(redis.commands(), ScriptOutputType.MULTI,
                    new String[] {keys.workers(), keys.queue(), keys.deadLetters(), keys.drain()},
                    keys.prefix(), Long.toString(settings.deadAfter().toMillis()),
                    Integer.toString(settings.maxAttempts()), Integer.toString(RECOVERY_BATCH),
                    Long.toString(settings.statsBucketSeconds()), Long.toString(settings.statsTtlSeconds()));
            workers += batch.get(0).intValue();
            requeued += batch.get(1).intValue();
            deadLettered += batch.get(2).intValue();
            if (batch.get(0) < RECOVERY_BATCH) {
                return new RecoveryReport(workers, requeued, deadLettered);
            }
        }
    }

    /** Every registered worker with its details (one round trip per worker: for people, not the hot path). */
    public List<WorkerInfo> workers() {
        Instant now = Instant.ofEpochMilli(redis.serverMillis());
        Instant aliveSince = now.minus(settings.deadAfter());
        List<WorkerInfo> result = new ArrayList<>();
        for (ScoredValue<String> member : redis.commands().zrangeWithScores(keys.workers(), 0, -1)) {
            String id = member.getValue();
            Map<String, String> fields = redis.commands().hgetall(keys.worker(id));
            Instant lastSeen = Instant.ofEpochMilli((long) member.getScore());
            // Busy or idle from `held`, which the scripts keep exact per task; `state` is written
            // only when the worker drains.
            WorkerState reported = WorkerState.fromWire(fields.get("state"));
            WorkerState state = reported == WorkerState.DRAINING ? reported
                    : parseLong(fields.get("held")) > 0 ? WorkerState.BUSY : WorkerState.IDLE;
            result.add(new WorkerInfo(id, state, fields.getOrDefault("task", ""),
                    parseLong(fields.get("processed")), parseLong(fields.get("failed")),
                    fields.getOrDefault("host", ""), parseLong(fields.get("pid")),
                    Instant.ofEpochMilli(parseLong(fields.get("startedAt"))), lastSeen, !lastSeen.isBefore(aliveSince)));
        }
        return result;
    }

    private static long parseLong(String value) {
        if (value == null || value.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
