package io.qscale.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskEnvelope;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerIdentity;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The runnable worker jar as a real child process: killed, drained, stopped. */
@ExtendWith(RedisServerExtension.class)
class WorkerProcessIT {

    private static final Path JAR = Path.of("target", "qscale-worker.jar");
    private static final ProtocolSettings FAST = ProtocolSettings.defaults()
            .withHeartbeat(Duration.ofMillis(200), Duration.ofMillis(1000));

    private final List<Process> processes = new ArrayList<>();
    private final java.util.Map<Process, Path> logs = new java.util.HashMap<>();
    private LocalRedisServer server;
    private RedisSession redis;
    private QueueKeys keys;
    private TaskQueue queue;
    private WorkerRegistry registry;

    @BeforeEach
    void setUp(LocalRedisServer server) {
        assertThat(JAR).as("the shaded jar is built by the package phase").exists();
        this.server = server;
        redis = RedisSession.connect(RedisEndpoint.parse("test", server.uri()));
        keys = new QueueKeys("q-" + UUID.randomUUID().toString().substring(0, 8));
        queue = new TaskQueue(redis, keys, FAST, Clock.systemUTC());
        registry = new WorkerRegistry(redis, keys, FAST);
    }

    @AfterEach
    void tearDown() {
        processes.forEach(Process::destroyForcibly);
        redis.close();
    }

    private Process startWorker(String id, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(),
                "--redis", server.uri(), "--queue", keys.queueName(), "--id", id,
                "--heartbeat-ms", "200", "--dead-after-ms", "1000"));
        command.addAll(List.of(extra));
        Path log = Files.createTempFile("worker-" + id, ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        processes.add(process);
        logs.put(process, log);
        return process;
    }

    /** Mid-task: started (attempt counted, held by the worker), not merely moved by BLMOVE. */
    private void awaitBusy(String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> "1".equals(redis.commands().hget(keys.worker(id), "held")));
    }

    private TaskEnvelope enqueueSleep(long ms) {
        return queue.enqueue("sleep", JsonNodeFactory.instance.objectNode().put("ms", ms));
    }

    @Test
    void aWorkerKilledMidTaskLeavesItToBeCompletedByAnotherWithAttemptsTwo() throws Exception {
        TaskEnvelope task = enqueueSleep(60_000);
        Process victim = startWorker("victim");
        awaitBusy("victim");

        victim.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertThat(victim.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(redis.commands().llen(keys.processing("victim"))).as("the task stays in Redis").isEqualTo(1);

        List<TaskEnvelope> handled = new CopyOnWriteArrayList<>();
        Worker rescuer = new Worker(RedisSession.connect(redis.endpoint()), keys,
                new WorkerIdentity("rescuer", "test", 1, Instant.now(), "test"), handled::add,
                new WorkerSettings(FAST, Duration.ofMillis(200), Duration.ofSeconds(5)), Clock.systemUTC());
        Thread thread = new Thread(rescuer);
        thread.start();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> !handled.isEmpty()
                    && redis.commands().llen(keys.processing("rescuer")) == 0);
        } finally {
            rescuer.stop();
            thread.join(10_000);
        }

        assertThat(handled).singleElement().satisfies(done -> {
            assertThat(done.id()).isEqualTo(task.id());
            assertThat(done.attempts()).isEqualTo(2);
        });
        assertThat(queue.length()).isZero();
        assertThat(queue.deadLetters(10)).isEmpty();
        assertThat(redis.commands().exists(keys.processing("victim"), keys.worker("victim"))).isZero();
    }

    @Test
    void aDrainedWorkerFinishesItsTaskAndExitsZero() throws Exception {
        enqueueSleep(1_500);
        Process worker = startWorker("drained");
        awaitBusy("drained");

        registry.requestDrain("drained");

        assertThat(worker.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).isZero();
        assertThat(redis.commands().hget(keys.worker("drained"), "processed")).as("deregistered").isNull();
        assertThat(queue.length()).as("the task was finished, not given back").isZero();
        assertThat(redis.commands().exists(keys.processing("drained"))).isZero();
        assertThat(redis.commands().zcard(keys.workers())).isZero();
    }

    @Test
    void withAfterDrainWaitADrainedWorkerStaysDeregisteredUntilSigtermThenExitsZero() throws Exception {
        enqueueSleep(1_000);
        Process worker = startWorker("pod-a", "--after-drain", "wait");
        awaitBusy("pod-a");

        registry.requestDrain("pod-a");

        await().atMost(Duration.ofSeconds(20)).until(() -> redis.commands().zscore(keys.workers(), "pod-a") == null);
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(logs.get(worker))
                .contains("drained; waiting for SIGTERM"));
        assertThat(worker.isAlive()).as("a Deployment's pod must not exit: the kubelet would restart it").isTrue();
        assertThat(queue.length()).as("the task was finished, not given back").isZero();
        enqueueSleep(10);
        assertThat(worker.waitFor(1_500, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(queue.length()).as("a drained worker claims nothing more").isEqualTo(1);

        worker.destroy(); // SIGTERM, as when the ReplicaSet removes the pod

        assertThat(worker.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).isZero();
        assertThat(Files.readString(logs.get(worker))).doesNotContain("Exception");
        assertThat(redis.commands().exists(keys.worker("pod-a"), keys.processing("pod-a"))).isZero();
    }

    @Test
    void withLogFormatJsonEveryLineIsAJsonObjectNamingTheQueueAndTheWorker() throws Exception {
        enqueueSleep(300);
        Process worker = startWorker("json-1", "--log-format", "json", "--after-drain", "wait");
        awaitBusy("json-1");
        registry.requestDrain("json-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(logs.get(worker)).contains("waiting for SIGTERM"));

        worker.destroy();

        assertThat(worker.waitFor(20, TimeUnit.SECONDS)).isTrue();
        List<String> lines = Files.readAllLines(logs.get(worker)).stream().filter(line -> !line.isBlank()).toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(3).allSatisfy(line -> {
            com.fasterxml.jackson.databind.JsonNode entry = io.qscale.core.json.Json.mapper().readTree(line);
            assertThat(entry.at("/mdc/queue").asText()).as(line).isEqualTo(keys.queueName());
            assertThat(entry.at("/mdc/worker").asText()).as(line).isEqualTo("json-1");
        });
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("asked to drain"));
    }

    @Test
    void anUnknownAfterDrainValueIsABadOption() throws Exception {
        Process worker = startWorker("bad-after", "--after-drain", "linger");

        assertThat(worker.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).isEqualTo(2);
        assertThat(Files.readString(logs.get(worker))).contains("--after-drain").contains("linger")
                .contains("exit, wait").doesNotContain("\tat ");
    }

    @Test
    void sigtermFinishesTheTaskWithinTheGraceTime() throws Exception {
        enqueueSleep(1_500);
        Process worker = startWorker("terminated");
        awaitBusy("terminated");

        worker.destroy(); // SIGTERM

        assertThat(worker.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).as("drained: exit 0, as docker stop and Kubernetes expect").isZero();
        assertThat(Files.readString(logs.get(worker))).doesNotContain("Exception").doesNotContain("qscale worker:");
        assertThat(queue.length()).as("finished, not given back").isZero();
        assertThat(redis.commands().exists(keys.processing("terminated"), keys.worker("terminated"))).isZero();
    }

    @Test
    void sigtermOnAnIdleWorkerExitsZeroWithNoErrorLine() throws Exception {
        Process worker = startWorker("idle");
        await().atMost(Duration.ofSeconds(30)).until(() -> redis.commands().zscore(keys.workers(), "idle") != null);

        worker.destroy(); // SIGTERM

        assertThat(worker.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).isZero();
        assertThat(Files.readString(logs.get(worker))).contains("drained and deregistered")
                .doesNotContain("Exception").doesNotContain("qscale worker:");
        assertThat(redis.commands().zcard(keys.workers())).isZero();
    }

    @Test
    void sigtermPastTheGraceTimeGivesTheTaskBackToTheQueue() throws Exception {
        TaskEnvelope task = enqueueSleep(60_000);
        Process worker = startWorker("impatient", "--shutdown-grace-ms", "300");
        awaitBusy("impatient");

        worker.destroy();

        assertThat(worker.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).isEqualTo(3);
        assertThat(Files.readString(logs.get(worker)))
                .contains("qscale worker: stopped past the shutdown grace time (300 ms); its task went back to the queue")
                .doesNotContain("Exception");
        assertThat(redis.commands().lrange(keys.queue(), 0, -1)).singleElement()
                .satisfies(raw -> assertThat(raw).contains(task.id()));
        assertThat(redis.commands().exists(keys.processing("impatient"), keys.worker("impatient"))).isZero();
    }

    @Test
    void aBadOptionGivesOneClearLineAndExitCodeTwo() throws Exception {
        Process worker = startWorker("bad", "--max-attempts", "0");

        assertThat(worker.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(logs.get(worker));
        assertThat(worker.exitValue()).isEqualTo(2);
        assertThat(output).contains("maxAttempts must be >= 1, but was 0").doesNotContain("\tat ");
    }

    @Test
    void anUnreachableRedisGivesOneLineAndExitCodeOne() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "--redis", "redis://:secret-pw@127.0.0.1:1");
        Process worker = new ProcessBuilder(command).redirectErrorStream(true).start();
        processes.add(worker);

        assertThat(worker.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(worker.getInputStream().readAllBytes());
        assertThat(worker.exitValue()).isEqualTo(1);
        assertThat(output).contains("cannot connect to Redis at redis://:***@127.0.0.1:1")
                .doesNotContain("secret-pw").doesNotContain("\tat ");
    }
}
