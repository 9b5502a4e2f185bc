package io.qscale.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import io.qscale.core.protocol.ClaimedTask;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskEnvelope;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerActivity;
import io.qscale.core.protocol.WorkerIdentity;
import io.qscale.core.protocol.WorkerLoad;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import io.qscale.rules.metrics.HostLoad;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The snapshot reads counters the scripts keep, not the workers: after every step of a random
 * walk through the protocol (register, claim at once or after a wait, ack with and without the
 * next claim, fail, release, leftovers, deregister, a worker going silent, recovery) its figures
 * equal a census that visits every worker.
 */
@ExtendWith(RedisServerExtension.class)
class SnapshotCountersIT {

    private final ProtocolSettings settings = ProtocolSettings.defaults();
    private RedisSession redis;
    private QueueKeys keys;
    private TaskQueue queue;
    private WorkerRegistry registry;
    private MetricsCollector collector;
    private WorkerCensus census;

    @BeforeEach
    void connect(LocalRedisServer server) {
        redis = RedisSession.connect(RedisEndpoint.parse("test", server.uri()));
        keys = new QueueKeys("q-" + UUID.randomUUID().toString().substring(0, 8));
        queue = new TaskQueue(redis, keys, settings, Clock.systemUTC());
        registry = new WorkerRegistry(redis, keys, settings);
        collector = new MetricsCollector(redis, keys, settings, () -> HostLoad.UNKNOWN);
        census = new WorkerCensus(redis, keys, settings);
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void everyFigureEqualsACensusThroughoutARandomWalk() {
        long seed = Long.getLong("qscale.seed", new Random().nextLong());
        Random random = new Random(seed);
        Map<String, List<ClaimedTask>> held = new HashMap<>();
        Map<String, Integer> slots = new HashMap<>();
        java.util.Set<String> silent = new java.util.HashSet<>();
        List<String> log = new ArrayList<>();
        for (int step = 0; step < 600; step++) {
            List<String> ids = new ArrayList<>(held.keySet());
            String worker = ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
            int op = ids.isEmpty() ? 0 : random.nextInt(13);
            String did = switch (op) {
                case 0 -> {
                    String id = "w" + step;
                    int n = 1 + random.nextInt(4);
                    held.put(id, new ArrayList<>());
                    slots.put(id, n);
                    beat(id, n, random);
                    yield "register " + id + " slots " + n;
                }
                case 1 -> {
                    int n = 1 + random.nextInt(6);
                    for (int i = 0; i < n; i++) {
                        queue.enqueue("noop", IntNode.valueOf(i));
                    }
                    if (random.nextInt(4) == 0) {
                        redis.commands().lpush(keys.queue(), "foreign-" + step);
                    }
                    if (random.nextInt(6) == 0) {
                        redis.commands().lpush(keys.queue(), "{\"id\": 7}");
                    }
                    yield "enqueue " + n;
                }
                case 2, 3 -> {
                    if (held.get(worker).size() >= slots.get(worker)) {
                        yield "no free slot";
                    }
                    queue.claimNow(worker).ifPresent(held.get(worker)::add);
                    yield "claimNow " + worker;
                }
                case 4 -> {
                    if (held.get(worker).size() >= slots.get(worker)) {
                        yield "no free slot";
                    }
                    queue.claim(worker, Duration.ofMillis(10)).ifPresent(held.get(worker)::add);
                    yield "claim " + worker;
                }
                case 5, 6 -> {
                    if (held.get(worker).isEmpty()) {
                        yield "nothing to ack";
                    }
                    ClaimedTask task = held.get(worker).remove(0);
                    boolean next = random.nextBoolean();
                    queue.ack(worker, task, Duration.ofMillis(random.nextInt(50)), next).next()
                            .ifPresent(held.get(worker)::add);
                    yield "ack " + worker + (next ? " and claim" : "");
                }
                case 7 -> {
                    if (held.get(worker).isEmpty()) {
                        yield "nothing to fail";
                    }
                    ClaimedTask task = held.get(worker).remove(0);
                    if (random.nextBoolean()) {
                        queue.fail(worker, task, "boom", Duration.ofMillis(3));
                    } else {
                        queue.failPermanently(worker, task, "bad", Duration.ofMillis(3));
                    }
                    yield "fail " + worker;
                }
                case 8 -> {
                    if (held.get(worker).isEmpty()) {
                        yield "nothing to release";
                    }
                    queue.release(worker, held.get(worker).remove(0));
                    yield "release " + worker;
                }
                case 9 -> {
                    queue.returnLeftovers(worker);
                    held.get(worker).clear();
                    yield "leftovers " + worker;
                }
                case 10 -> {
                    registry.deregister(worker);
                    held.remove(worker);
                    silent.remove(worker);
                    yield "deregister " + worker;
                }
                case 11 -> {
                    // Silent for longer than dead-after: as a worker killed with kill -9 looks.
                    redis.commands().zadd(keys.workers(), 1.0, worker);
                    silent.add(worker);
                    if (random.nextBoolean()) {
                        registry.recoverDeadWorkers();
                        silent.forEach(held::remove);
                        silent.clear();
                        yield "silence and recover " + worker;
                    }
                    yield "silence " + worker;
                }
                default -> {
                    beat(worker, slots.get(worker), random);
                    silent.remove(worker);
                    yield "heartbeat " + worker;
                }
            };
            log.add(did);
            assertSnapshotEqualsCensus("seed " + seed + ", step " + step + ": " + String.join(" / ",
                    log.subList(Math.max(0, log.size() - 6), log.size())));
        }
    }

    @Test
    void aThousandWorkersAreCountedExactlyWithSomeSilent() {
        for (int i = 0; i < 1000; i++) {
            registry.heartbeat(identity("w" + i), false, WorkerLoad.of(i % 7 / 10.0, 0.5),
                    new WorkerActivity(1 + i % 3, ""));
        }
        for (int i = 0; i < 300; i++) {
            queue.enqueue("noop", IntNode.valueOf(i));
        }
        for (int i = 0; i < 300; i++) {
            queue.claimNow("w" + (i * 7 % 1000));
        }
        for (int i = 0; i < 1000; i += 10) {
            redis.commands().zadd(keys.workers(), 1.0, "w" + i);
        }
        MetricsSnapshot s = assertSnapshotEqualsCensus("1000 workers");
        assertThat(s.activeWorkers()).isEqualTo(900);
        assertThat(s.orphaned()).isPositive();
    }

    private void beat(String id, int slots, Random random) {
        WorkerLoad load = random.nextBoolean() ? WorkerLoad.UNKNOWN : WorkerLoad.of(random.nextInt(1001) / 1000.0, 0.5);
        registry.heartbeat(identity(id), false, load, new WorkerActivity(slots, ""));
    }

    private static WorkerIdentity identity(String id) {
        return new WorkerIdentity(id, "h", 1, Instant.EPOCH, "test");
    }

    private MetricsSnapshot assertSnapshotEqualsCensus(String where) {
        MetricsSnapshot s = collector.snapshot();
        WorkerCensus.Census c = census.take();
        assertThat(List.of(s.registeredWorkers(), s.activeWorkers(), s.busyWorkers(), s.taskSlots(),
                        s.busyTaskSlots(), s.inFlight(), s.orphaned(), s.poolCpu().reporting()))
                .as(where + ": registered, active, busy, slots, busySlots, inFlight, orphaned, cpu reporting")
                .containsExactly(c.registered(), c.active(), c.busy(), c.slots(), (int) c.busySlots(), c.inFlight(),
                        c.orphaned(), c.cpuReporting());
        if (c.cpuReporting() > 0) {
            assertThat(s.poolCpu().mean()).as(where + ": cpu mean").isCloseTo(
                    Math.min(1, c.cpuSumMilli() / 1000.0 / c.cpuReporting()), org.assertj.core.data.Offset.offset(1e-9));
            assertThat(s.poolCpu().max()).as(where + ": cpu max").isEqualTo(c.cpuMaxMilli() / 1000.0);
        }
        if (System.getProperty("qscale.seed") != null) {
            System.out.println(where + " running " + redis.commands().zrangeWithScores(keys.prefix() + "running", 0, -1)
                    + " workers " + redis.commands().zrangeWithScores(keys.workers(), 0, -1) + " counts "
                    + redis.commands().hgetall(keys.prefix() + "counts"));
        }
        // (an age of zero reads as "none running": a task started in the snapshot's own millisecond)
        long expectedAge = c.oldestRunningStartedAt() < 0 ? 0 : s.takenAt().toEpochMilli() - c.oldestRunningStartedAt();
        assertThat(s.oldestRunningAge().toMillis()).as(where + ": oldest running age").isEqualTo(expectedAge);
        return s;
    }
}
