package io.qscale.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class WorkerRegistryIT {

    // Short timings so that a worker is declared dead quickly.
    private static final ProtocolSettings FAST = ProtocolSettings.defaults()
            .withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(300));
    private static final Duration SHORT = Duration.ofMillis(200);

    private RedisSession redis;
    private QueueKeys keys;
    private TaskQueue queue;
    private WorkerRegistry registry;

    @BeforeEach
    void connect(LocalRedisServer server) {
        redis = RedisSession.connect(RedisEndpoint.parse("test", server.uri()));
        keys = new QueueKeys("q-" + UUID.randomUUID().toString().substring(0, 8));
        queue = new TaskQueue(redis, keys, FAST, Clock.systemUTC());
        registry = new WorkerRegistry(redis, keys, FAST);
    }

    @AfterEach
    void close() {
        redis.close();
    }

    private static WorkerIdentity worker(String id) {
        return new WorkerIdentity(id, "test-host", 42, Instant.parse("2026-11-30T10:00:00Z"), "test");
    }

    @Test
    void heartbeatRegistersTheWorkerWithItsDetails() {
        registry.heartbeat(worker("w1"), false);

        List<WorkerInfo> workers = registry.workers();
        assertThat(workers).singleElement().satisfies(info -> {
            assertThat(info.id()).isEqualTo("w1");
            assertThat(info.host()).isEqualTo("test-host");
            assertThat(info.pid()).isEqualTo(42);
            assertThat(info.state()).isEqualTo(WorkerState.IDLE);
            assertThat(info.alive()).isTrue();
        });
    }

    @Test
    void theListingShowsAWorkerBusyFromItsClaimNotFromItsNextHeartbeat() {
        registry.heartbeat(worker("w1"), false);
        registry.heartbeat(worker("w2"), false);
        queue.enqueue("sleep", null);

        queue.claimNow("w1").orElseThrow();

        assertThat(registry.workers()).extracting(WorkerInfo::id, WorkerInfo::state)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("w1", WorkerState.BUSY),
                        org.assertj.core.groups.Tuple.tuple("w2", WorkerState.IDLE));
        registry.requestDrain("w1");
        registry.heartbeat(worker("w1"), false);
        assertThat(registry.workers()).filteredOn(w -> w.id().equals("w1")).extracting(WorkerInfo::state)
                .containsExactly(WorkerState.DRAINING);
    }

    @Test
    void aDrainRequestReachesTheWorkerWithItsNextHeartbeat() {
        assertThat(registry.heartbeat(worker("w1"), false).drainRequested()).isFalse();

        registry.requestDrain("w1");

        assertThat(registry.heartbeat(worker("w1"), false).drainRequested()).isTrue();
        assertThat(registry.workers().get(0).state()).isEqualTo(WorkerState.DRAINING);
        registry.cancelDrain("w1");
        assertThat(registry.heartbeat(worker("w1"), false).drainRequested()).isFalse();
    }

    @Test
    void aDeadWorkersTaskGoesBackToTheQueueAndIsClaimedAgainWithAttemptsTwo() {
        registry.heartbeat(worker("dies"), false);
        TaskEnvelope task = queue.enqueue("sleep", null);
        queue.claim("dies", SHORT).orElseThrow();

        // "dies" sends no more heartbeats; "lives" keeps beating.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
            registry.heartbeat(worker("lives"), false);
            return !registry.recoverDeadWorkers().isEmpty();
        });

        assertThat(registry.workers()).extracting(WorkerInfo::id).containsExactly("lives");
        ClaimedTask again = queue.claim("lives", SHORT).orElseThrow();
        assertThat(again.envelope().id()).isEqualTo(task.id());
        assertThat(again.envelope().attempts()).isEqualTo(2);
        assertThat(again.envelope().lastError()).isEqualTo("worker dies died while processing it");
    }

    @Test
    void aTaskThatKeepsKillingWorkersEndsInTheDeadLetterList() {
        queue.enqueue("poison", null);
        for (int i = 1; i <= FAST.maxAttempts(); i++) {
            String id = "victim-" + i;
            registry.heartbeat(worker(id), false);
            queue.claim(id, SHORT).orElseThrow();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> !registry.recoverDeadWorkers().isEmpty());
        }

        assertThat(queue.length()).isZero();
        assertThat(queue.deadLetters(1).get(0).reason())
                .isEqualTo("worker victim-3 died while processing it (attempt 3 of 3)");
    }

    @Test
    void recoveryRunFromManyProcessesAtOnceRequeuesEveryTaskExactlyOnce() throws Exception {
        int deadWorkers = 40;
        for (int i = 0; i < deadWorkers; i++) {
            registry.heartbeat(worker("dead-" + i), false);
            queue.enqueue("t", null);
            queue.claim("dead-" + i, SHORT).orElseThrow();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> staleWorkers() == deadWorkers);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<RecoveryReport>> reports = new ArrayList<>();
        List<RedisSession> sessions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RedisSession session = RedisSession.connect(redis.endpoint());
            sessions.add(session);
            Callable<RecoveryReport> recover = () -> new WorkerRegistry(session, keys, FAST).recoverDeadWorkers();
            reports.add(pool.submit(recover));
        }
        int requeued = 0;
        int workers = 0;
        for (Future<RecoveryReport> report : reports) {
            requeued += report.get().requeued();
            workers += report.get().deadWorkers();
        }
        pool.shutdown();
        sessions.forEach(RedisSession::close);

        assertThat(requeued).isEqualTo(deadWorkers);
        assertThat(workers).isEqualTo(deadWorkers);
        Set<String> ids = new HashSet<>(redis.commands().lrange(keys.queue(), 0, -1));
        assertThat(ids).hasSize(deadWorkers);
    }

    /** Workers whose last heartbeat is older than dead-after by the server's clock. */
    private long staleWorkers() {
        List<String> time = redis.commands().time();
        long nowMs = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
        return redis.commands().zcount(keys.workers(),
                io.lettuce.core.Range.create(0.0, (double) (nowMs - FAST.deadAfter().toMillis() - 1)));
    }

    @Test
    void deregisterPutsUnfinishedTasksBackAndRemovesTheWorker() {
        registry.heartbeat(worker("leaving"), false);
        queue.enqueue("unfinished", null);
        queue.claim("leaving", SHORT).orElseThrow();

        assertThat(registry.deregister("leaving")).isEqualTo(1);

        assertThat(registry.workers()).isEmpty();
        assertThat(queue.length()).isEqualTo(1);
        assertThat(redis.commands().exists(keys.worker("leaving"), keys.processing("leaving"))).isZero();
    }
}
