package io.qscale.core.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.LMoveArgs;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.qscale.core.json.Json;
import io.qscale.core.redis.RedisSession;
import io.qscale.rules.validation.Require;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Producer and consumer side of one queue: enqueue, claim, ack, fail and release, each a single
 * atomic step in Redis. Thread-safe, except that {@link #claim} (which blocks on the session's
 * blocking connection) must be called by one thread at a time per session; everything else
 * (including {@link #claimNow}) may be called from many threads, and Lettuce pipelines it.
 */
public final class TaskQueue {

    /** Envelopes per enqueue script call; chunks are pipelined. */
    static final int ENQUEUE_CHUNK = 500;

    private final RedisSession redis;
    private final QueueKeys keys;
    private final ProtocolSettings settings;
    private final Clock clock;
    private volatile boolean enqueueScriptLoaded;

    public TaskQueue(RedisSession redis, String queue) {
        this(redis, new QueueKeys(queue), ProtocolSettings.defaults(), Clock.systemUTC());
    }

    public TaskQueue(RedisSession redis, QueueKeys keys, ProtocolSettings settings, Clock clock) {
        this.redis = Require.nonNull("redis", redis);
        this.keys = Require.nonNull("keys", keys);
        this.settings = Require.nonNull("settings", settings);
        this.clock = Require.nonNull("clock", clock);
    }

    public QueueKeys keys() {
        return keys;
    }

    public ProtocolSettings settings() {
        return settings;
    }

    /** Enqueues a new task of {@code type} and returns it. */
    public TaskEnvelope enqueue(String type, JsonNode payload) {
        TaskEnvelope task = TaskEnvelope.create(type, payload, clock.instant());
        enqueueAll(List.of(task));
        return task;
    }

    /** Enqueues tasks in pipelined chunks and returns the queue length after the last chunk. */
    public long enqueueAll(List<TaskEnvelope> tasks) {
        if (tasks.isEmpty()) {
            return length();
        }
        if (!enqueueScriptLoaded) {
            // Pipelined EVALSHA cannot fall back to EVAL per call, so the server learns it first.
            Scripts.ENQUEUE.preload(redis.commands());
            enqueueScriptLoaded = true;
        }
        RedisClusterAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<Long>> pending = new ArrayList<>();
        for (int from = 0; from < tasks.size(); from += ENQUEUE_CHUNK) {
            List<TaskEnvelope> chunk = tasks.subList(from, Math.min(from + ENQUEUE_CHUNK, tasks.size()));
            String[] args = new String[3 + chunk.size()];
            args[0] = keys.prefix();
            args[1] = Long.toString(settings.statsBucketSeconds());
            args[2] = Long.toString(settings.statsTtlSeconds());
            for (int i = 0; i < chunk.size(); i++) {
                args[3 + i] = Json.encode(chunk.get(i));
            }
            pending.add(Scripts.ENQUEUE.runAsync(async, ScriptOutputType.INTEGER, new String[] {keys.queue()}, args));
        }
        if (!LettuceFutures.awaitAll(Duration.ofSeconds(30), pending.toArray(new RedisFuture<?>[0]))) {
            throw new IllegalStateException("enqueue of " + tasks.size() + " tasks timed out after 30 s");
        }
        long length = 0;
        for (RedisFuture<Long> chunk : pending) {
            if (chunk.getError() != null) {
                throw new IllegalStateException("enqueue failed: " + chunk.getError());
            }
            length = chunk.toCompletableFuture().join();
        }
        return length;
    }

    /** Tasks waiting to be claimed. */
    public long length() {
        return redis.commands().llen(keys.queue());
    }

    /**
     * Claims the next task at once, if the queue has one: one script call moves it into the
     * worker's processing list, started (attempts + 1). A foreign item is wrapped; malformed ones
     * go to the dead-letter list on the way. Empty when the queue is empty. May be called by
     * several threads at once (the slots of one worker).
     */
    public Optional<ClaimedTask> claimNow(String workerId) {
        Require.nonBlank("workerId", workerId);
        List<Object> result = Scripts.CLAIM.run(redis.commands(), ScriptOutputType.MULTI,
                new String[] {keys.queue(), keys.processing(workerId), keys.worker(workerId), keys.workers()},
                keys.prefix(), workerId, Long.toString(settings.statsBucketSeconds()),
                Long.toString(settings.statsTtlSeconds()));
        return "ok".equals(result.get(0)) ? Optional.of(claimed(result, 1)) : Optional.empty();
    }

    /**
     * Waits up to {@code timeout} for a task, moves it into the worker's processing list and marks
     * it started. A foreign item is wrapped; a malformed one goes to the dead-letter list and
     * the wait goes on. Empty when nothing arrived in time; the queue is always looked at once,
     * however short the timeout. Blocks the session's blocking connection: one caller at a time
     * per session.
     */
    public Optional<ClaimedTask> claim(String workerId, Duration timeout) {
        Require.nonBlank("workerId", workerId);
        Instant deadline = clock.instant().plus(timeout);
        RedisClusterCommands<String, String> blocking = redis.blockingCommands();
        String processing = keys.processing(workerId);
        // At least one attempt, however short the timeout (opening the blocking connection may take longer).
        boolean tried = false;
        while (true) {
            Duration left = Duration.between(clock.instant(), deadline);
            if (tried && (left.isNegative() || left.isZero())) {
                return Optional.empty();
            }
            tried = true;
            String raw = blocking.blmove(keys.queue(), processing, LMoveArgs.Builder.rightLeft(),
                    Math.max(0.01, left.toMillis() / 1000.0));
            if (raw == null) {
                return Optional.empty();
            }
            List<Object> result = Scripts.START.run(redis.commands(), ScriptOutputType.MULTI,
                    new String[] {processing, keys.worker(workerId), keys.workers(), keys.deadLetters()},
                    keys.prefix(), raw, workerId, Long.toString(settings.statsBucketSeconds()),
                    Long.toString(settings.statsTtlSeconds()));
            if ("ok".equals(result.get(0))) {
                return Optional.of(claimed(result, 1));
            }
            // 'dead' (malformed, now in the dead-letter list) or 'gone': wait for the next one.
        }
    }

    /** Marks the task done. False when it was no longer this worker's (recovered meanwhile). */
    public boolean ack(String workerId, ClaimedTask task, Duration processingTime) {
        return ack(workerId, task, processingTime, false).done();
    }

    /**
     * Marks the task done and, with {@code claimNext}, claims the next one in the same script
     * call (the hot path of a busy worker: one round trip per task).
     */
    public Acked ack(String workerId, ClaimedTask task, Duration processingTime, boolean claimNext) {
        List<Object> result = Scripts.ACK.run(redis.commands(), ScriptOutputType.MULTI,
                new String[] {keys.processing(workerId), keys.worker(workerId), keys.queue(), keys.workers()},
                keys.prefix(), task.raw(), Long.toString(processingTime.toMillis()),
                Long.toString(settings.statsBucketSeconds()), Long.toString(settings.statsTtlSeconds()),
                workerId, claimNext ? "1" : "0");
        boolean done = (Long) result.get(0) == 1L;
        return new Acked(done, result.size() > 1 ? Optional.of(claimed(result, 1)) : Optional.empty());
    }

    /**
     * The answer of {@link #ack(String, ClaimedTask, Duration, boolean)}.
     *
     * @param done false when the task was no longer this worker's (recovered meanwhile)
     * @param next the task claimed in the same call, if asked and the queue had one
     */
    public record Acked(boolean done, Optional<ClaimedTask> next) {
    }

    private static ClaimedTask claimed(List<Object> result, int from) {
        String envelope = (String) result.get(from);
        Instant startedAt = Instant.ofEpochMilli((Long) result.get(from + 1));
        return new ClaimedTask(decode(envelope), envelope, startedAt);
    }

    /**
     * Records a failed attempt: the task goes back on the queue, or to the dead-letter list with
     * {@code reason} once it has had {@link ProtocolSettings#maxAttempts()} attempts.
     */
    public FailOutcome fail(String workerId, ClaimedTask task, String reason, Duration processingTime) {
        return fail(workerId, task, reason, processingTime, settings.maxAttempts());
    }

    /** Records a failure that no retry can fix: the task goes to the dead-letter list now. */
    public FailOutcome failPermanently(String workerId, ClaimedTask task, String reason, Duration processingTime) {
        return fail(workerId, task, reason, processingTime, Math.min(settings.maxAttempts(), task.envelope().attempts()));
    }

    private FailOutcome fail(String workerId, ClaimedTask task, String reason, Duration processingTime, int maxAttempts) {
        String outcome = Scripts.FAIL.run(redis.commands(), ScriptOutputType.VALUE,
                new String[] {keys.processing(workerId), keys.worker(workerId), keys.queue(), keys.deadLetters()},
                keys.prefix(), task.raw(), Long.toString(processingTime.toMillis()), reason,
                Integer.toString(maxAttempts), workerId,
                Long.toString(settings.statsBucketSeconds()), Long.toString(settings.statsTtlSeconds()));
        return switch (outcome) {
            case "retry" -> FailOutcome.RETRY;
            case "dead" -> FailOutcome.DEAD_LETTERED;
            default -> FailOutcome.GONE;
        };
    }

    /**
     * Gives back to the front of the queue everything in the worker's own processing list. Only
     * for a live worker that holds no task: an item there is one it does not know it has (a
     * claim whose reply was lost, a restart under the same id). Returns how many went back.
     */
    public long returnLeftovers(String workerId) {
        return Scripts.LEFTOVERS.run(redis.commands(), ScriptOutputType.INTEGER,
                new String[] {keys.processing(workerId), keys.worker(workerId), keys.queue()},
                keys.prefix(), workerId);
    }

    /** Gives an unfinished task back to the front of the queue (the attempt still counts). */
    public boolean release(String workerId, ClaimedTask task) {
        Long released = Scripts.RELEASE.run(redis.commands(), ScriptOutputType.INTEGER,
                new String[] {keys.processing(workerId), keys.worker(workerId), keys.queue()}, task.raw(),
                keys.prefix(), workerId);
        return released == 1L;
    }

    /** The newest {@code limit} dead letters, newest first. */
    public List<DeadLetter> deadLetters(int limit) {
        List<DeadLetter> letters = new ArrayList<>();
        for (String entry : redis.commands().lrange(keys.deadLetters(), 0, limit - 1L)) {
            try {
                letters.add(Json.mapper().readValue(entry, DeadLetter.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("dead-letter entry is not valid JSON: " + e.getOriginalMessage(), e);
            }
        }
        return letters;
    }

    static TaskEnvelope decode(String envelope) {
        try {
            return Json.mapper().readValue(envelope, TaskEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the start script returned an envelope that does not decode: "
                    + e.getOriginalMessage(), e);
        }
    }
}
