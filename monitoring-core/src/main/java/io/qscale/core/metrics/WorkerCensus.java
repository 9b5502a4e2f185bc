package io.qscale.core.metrics;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisSession;
import io.qscale.core.json.Json;
import io.qscale.rules.validation.Require;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import io.lettuce.core.KeyValue;

/**
 * Counts a queue's workers the slow way: visits every worker's processing list and hash (reads
 * pipelined: two per worker, one per running task). The snapshot script reads counters instead, at a cost that does
 * not grow with the workers; this census is what those counters must equal, so the tests and
 * the benchmarks check them against it (and an operator can, with {@code qscale metrics
 * --census}). Not atomic: take it while the queue is quiet. Thread-safe.
 */
public final class WorkerCensus {

    private final RedisSession redis;
    private final QueueKeys keys;
    private final ProtocolSettings settings;

    public WorkerCensus(RedisSession redis, QueueKeys keys, ProtocolSettings settings) {
        this.redis = Require.nonNull("redis", redis);
        this.keys = Require.nonNull("keys", keys);
        this.settings = Require.nonNull("settings", settings);
    }

    /**
     * What a census finds. Definitions as in docs/protocol.md ("snapshot").
     *
     * @param registered workers in the registry
     * @param active of those, heartbeating within dead-after
     * @param busy active workers whose processing list is not empty
     * @param slots slots of the active workers (1 for a worker that reports none)
     * @param busySlots tasks in the active workers' processing lists
     * @param inFlight tasks in every registered worker's processing list
     * @param orphaned of those, the ones held by workers that are not active
     * @param cpuReporting active workers reporting cpu
     * @param cpuSumMilli the sum of their cpu (thousandths)
     * @param cpuMaxMilli the largest (0 when none)
     * @param oldestRunningStartedAt the earliest start of a task an active worker runs, -1 when none
     */
    public record Census(int registered, int active, int busy, int slots, long busySlots, long inFlight,
            long orphaned, int cpuReporting, long cpuSumMilli, long cpuMaxMilli, long oldestRunningStartedAt) {
    }

    /** Takes the census: one round trip for the registry and the clock, then one pipelined batch. */
    public Census take() {
        RedisClusterAsyncCommands<String, String> async = redis.async();
        long now = redis.serverMillis();
        long aliveSince = now - settings.deadAfter().toMillis();
        List<ScoredValue<String>> members = redis.commands().zrangeWithScores(keys.workers(), 0, -1);
        List<RedisFuture<List<String>>> lists = new ArrayList<>(members.size());
        List<RedisFuture<List<KeyValue<String, String>>>> hashes = new ArrayList<>(members.size());
        for (ScoredValue<String> member : members) {
            lists.add(async.lrange(keys.processing(member.getValue()), 0, -1));
            hashes.add(async.hmget(keys.worker(member.getValue()), "slots", "cpu"));
        }
        List<RedisFuture<?>> all = new ArrayList<>(lists);
        all.addAll(hashes);
        if (!LettuceFutures.awaitAll(Duration.ofSeconds(60), all.toArray(new RedisFuture<?>[0]))) {
            throw new IllegalStateException("a census of " + members.size() + " workers timed out after 60 s");
        }
        int active = 0;
        int busy = 0;
        int slots = 0;
        long busySlots = 0;
        long inFlight = 0;
        long orphaned = 0;
        int cpuReporting = 0;
        long cpuSum = 0;
        long cpuMax = 0;
        List<String> runningMembers = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            String id = members.get(i).getValue();
            List<String> held = join(lists.get(i));
            List<KeyValue<String, String>> fields = join(hashes.get(i));
            inFlight += held.size();
            if (members.get(i).getScore() < aliveSince) {
                orphaned += held.size();
                continue;
            }
            active++;
            slots += fields.get(0).hasValue() ? Integer.parseInt(fields.get(0).getValue()) : 1;
            busySlots += held.size();
            if (!held.isEmpty()) {
                busy++;
            }
            if (fields.get(1).hasValue()) {
                long cpu = Long.parseLong(fields.get(1).getValue());
                cpuReporting++;
                cpuSum += cpu;
                cpuMax = Math.max(cpuMax, cpu);
            }
            for (String item : held) {
                Json.idOf(item).ifPresent(taskId -> runningMembers.add(id + " " + taskId));
            }
        }
        List<RedisFuture<Double>> starts = new ArrayList<>(runningMembers.size());
        for (String member : runningMembers) {
            starts.add(async.zscore(keys.running(), member));
        }
        LettuceFutures.awaitAll(Duration.ofSeconds(60), starts.toArray(new RedisFuture<?>[0]));
        long oldestRunning = -1;
        for (RedisFuture<Double> start : starts) {
            Double startedAt = join(start);
            if (startedAt != null && (oldestRunning < 0 || startedAt < oldestRunning)) {
                oldestRunning = startedAt.longValue();
            }
        }
        return new Census(members.size(), active, busy, slots, busySlots, inFlight, orphaned, cpuReporting, cpuSum,
                cpuMax, oldestRunning);
    }

    private static <T> T join(RedisFuture<T> future) {
        return future.toCompletableFuture().join();
    }
}
