package io.qscale.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.qscale.core.protocol.DeadLetter;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskEnvelope;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerIdentity;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import io.qscale.worker.demo.DemoTaskHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class WorkerIT {

    static final WorkerSettings FAST = new WorkerSettings(
            ProtocolSettings.defaults().withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(500)),
            Duration.ofMillis(200), Duration.ofSeconds(5));

    private final List<RedisSession> sessions = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Worker> workers = new ArrayList<>();
    private RedisEndpoint endpoint;
    private QueueKeys keys;
    private TaskQueue producer;

    @BeforeEach
    void setUp(LocalRedisServer server) {
        endpoint = RedisEndpoint.parse("test", server.uri());
        keys = new QueueKeys("q-" + UUID.randomUUID().toString().substring(0, 8));
        producer = new TaskQueue(session(), keys, FAST.protocol(), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        workers.forEach(Worker::stop);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        sessions.forEach(RedisSession::close);
    }

    private RedisSession session() {
        RedisSession session = RedisSession.connect(endpoint);
        sessions.add(session);
        return session;
    }

    private Worker start(String id, TaskHandler handler) {
        return start(id, handler, FAST);
    }

    private Worker start(String id, TaskHandler handler, WorkerSettings settings) {
        Worker worker = new Worker(session(), keys, new WorkerIdentity(id, "test", 1, Instant.now(), "test"),
                handler, settings, Clock.systemUTC());
        Thread thread = new Thread(worker, "worker-" + id);
        thread.start();
        workers.add(worker);
        threads.add(thread);
        return worker;
    }

    /**
     * The lost reply: the server ran the worker's BLMOVE, the reply never came back, so the task
     * sits in the live worker's own processing list without the worker knowing. It must not stay
     * there until the worker dies (which may be never).
     */
    @Test
    void aTaskInALiveWorkersListThatItDoesNotKnowOfIsRunWithinSeconds() {
        List<TaskEnvelope> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
        start("owner", handled::add);
        RedisSession redis = session();
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.commands().zscore(keys.workers(), "owner") != null);
        TaskEnvelope lost = TaskEnvelope.create("sleep", null, Instant.now());

        redis.commands().lpush(keys.processing("owner"), io.qscale.core.json.Json.encode(lost)); // as BLMOVE left it, reply lost

        await().atMost(Duration.ofSeconds(10)).until(() -> handled.stream().anyMatch(t -> t.id().equals(lost.id()))
                && redis.commands().llen(keys.processing("owner")) == 0);
        assertThat(handled).as("run once").filteredOn(t -> t.id().equals(lost.id())).hasSize(1);
        assertThat(producer.length()).isZero();
    }

    @Test
    void aPoolProcessesEveryTaskExactlyOnce() {
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        TaskHandler recording = task -> seen.computeIfAbsent(task.id(), id -> new AtomicInteger()).incrementAndGet();
        List<TaskEnvelope> tasks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            tasks.add(TaskEnvelope.create("noop", null, Instant.now()));
        }
        producer.enqueueAll(tasks);

        for (int i = 0; i < 3; i++) {
            start("w" + i, recording);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> seen.size() == 200 && producer.length() == 0);
        assertThat(seen.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(tasks.stream().map(TaskEnvelope::id).toList());
    }

    @Test
    void theDemoHandlerSendsFailingAndUnknownTasksToTheDeadLetterList() {
        start("w1", new DemoTaskHandler(Duration.ofMillis(1), new SplittableRandom(1)));
        producer.enqueue("fail", JsonNodeFactory.instance.objectNode().put("ms", 1));
        producer.enqueue("teleport", null);
        producer.enqueue("sleep", JsonNodeFactory.instance.objectNode().put("ms", 1));

        await().atMost(Duration.ofSeconds(10)).until(() -> producer.deadLetters(10).size() == 2);

        List<DeadLetter> letters = producer.deadLetters(10);
        assertThat(letters).extracting(DeadLetter::reason).containsExactlyInAnyOrder(
                "DemoFailure: simulated failure (attempt 3 of 3)",
                "unknown task type 'teleport'; the demo worker handles sleep, cpu, fail, noop, record and raw (attempt 1 of 1)");
    }

    @Test
    void aDrainRequestLetsTheTaskFinishThenDeregisters() {
        AtomicInteger done = new AtomicInteger();
        Worker worker = start("drained", task -> {
            Thread.sleep(500);
            done.incrementAndGet();
        });
        producer.enqueue("slow", null);
        RedisSession admin = session();
        await().atMost(Duration.ofSeconds(5)).until(() -> admin.commands().llen(keys.processing("drained")) == 1);

        new io.qscale.core.protocol.WorkerRegistry(admin, keys, FAST.protocol()).requestDrain("drained");

        await().atMost(Duration.ofSeconds(5)).until(() -> threads.get(0).getState() == Thread.State.TERMINATED);
        assertThat(worker.isDraining()).isTrue();
        assertThat(done.get()).isEqualTo(1);
        assertThat(admin.commands().exists(keys.worker("drained"), keys.processing("drained"))).isZero();
        assertThat(admin.commands().zcard(keys.workers())).isZero();
    }

    @Test
    void aWorkerWithFourSlotsRunsFourTasksAtOnceAndIsCountedInSlots() throws InterruptedException {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        start("quad", task -> {
            most.accumulateAndGet(running.incrementAndGet(), Math::max);
            release.await();
            running.decrementAndGet();
            done.incrementAndGet();
        }, FAST.withConcurrency(4));
        for (int i = 0; i < 6; i++) {
            producer.enqueue("held", null);
        }
        io.qscale.core.metrics.MetricsCollector collector = new io.qscale.core.metrics.MetricsCollector(
                session(), keys, FAST.protocol(), io.qscale.core.metrics.HostMetrics.NONE);

        await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 4);
        var busy = collector.snapshot();
        assertThat(busy.activeWorkers()).isEqualTo(1);
        assertThat(busy.taskSlots()).isEqualTo(4);
        assertThat(busy.busyTaskSlots()).isEqualTo(4);
        assertThat(busy.utilization()).isEqualTo(1.0);
        assertThat(busy.queueLength()).isEqualTo(2);
        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> done.get() == 6);
        assertThat(most.get()).isEqualTo(4);
        await().atMost(Duration.ofSeconds(2)).until(() -> collector.snapshot().busyTaskSlots() == 0);
        assertThat(collector.snapshot().utilization()).isZero();
    }

    @Test
    void slotsProcessEveryTaskExactlyOnceAndADrainedWorkerLeavesNothingBehind() {
        Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        TaskHandler recording = task -> seen.computeIfAbsent(task.id(), id -> new AtomicInteger()).incrementAndGet();
        List<TaskEnvelope> tasks = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            tasks.add(TaskEnvelope.create("noop", null, Instant.now()));
        }
        start("many-a", recording, FAST.withConcurrency(8));
        start("many-b", recording, FAST.withConcurrency(3));
        producer.enqueueAll(tasks);

        await().atMost(Duration.ofSeconds(30)).until(() -> seen.size() == 3000 && producer.length() == 0);
        assertThat(seen.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        RedisSession admin = session();
        var registry = new io.qscale.core.protocol.WorkerRegistry(admin, keys, FAST.protocol());
        registry.requestDrain("many-a");
        registry.requestDrain("many-b");
        await().atMost(Duration.ofSeconds(5)).until(() -> threads.stream().allMatch(t -> t.getState() == Thread.State.TERMINATED));
        assertThat(admin.commands().zcard(keys.workers())).isZero();
        assertThat(admin.commands().hgetall(keys.prefix() + "counts")).containsEntry("held", "0").containsEntry("busy", "0")
                .containsEntry("slots", "0");
        assertThat(admin.commands().zcard(keys.prefix() + "running")).isZero();
    }

    @Test
    void aConcurrencyOutsideOneTo1024IsRefusedNamingTheField() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FAST.withConcurrency(0))
                .hasMessageContaining("concurrency").hasMessageContaining("1024").hasMessageContaining("0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FAST.withConcurrency(1025)).hasMessageContaining("1025");
    }
}
