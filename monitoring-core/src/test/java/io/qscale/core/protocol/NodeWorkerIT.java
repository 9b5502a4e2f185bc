package io.qscale.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.qscale.core.json.Json;
import io.qscale.core.metrics.HostMetrics;
import io.qscale.core.metrics.MetricsCollector;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * docs/protocol.md is enough on its own for a third language: the Node.js example worker
 * (examples/node, ioredis from npm), written from the document alone, is counted, completes
 * envelopes and foreign items, dead-letters an unknown task type with its reason, exits 0 when
 * drained, and its task is recovered with attempts = 2 after a kill -9.
 */
@ExtendWith(RedisServerExtension.class)
class NodeWorkerIT {

    private static final Path EXAMPLE = Path.of("..", "examples", "node").toAbsolutePath().normalize();
    private static final Path LUA = Path.of("src", "main", "resources", "io", "qscale", "core", "lua").toAbsolutePath();
    private static final ProtocolSettings SETTINGS = ProtocolSettings.defaults();

    private final List<Process> processes = new ArrayList<>();
    private LocalRedisServer server;
    private RedisSession redis;
    private QueueKeys keys;
    private TaskQueue queue;

    @BeforeAll
    static void nodeWithIoredis() throws Exception {
        String why = "needs node and npm (Debian: apt-get install nodejs npm) and the npm registry to install ioredis";
        boolean node = runs("node", "--version") && runs("npm", "--version");
        if (System.getenv("CI") != null) {
            assertThat(node).as(why).isTrue();
        }
        Assumptions.assumeTrue(node, why);
        if (!Files.isDirectory(EXAMPLE.resolve("node_modules").resolve("ioredis"))) {
            Process install = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund").directory(EXAMPLE.toFile())
                    .redirectErrorStream(true).redirectOutput(Files.createTempFile("npm-install", ".log").toFile()).start();
            assertThat(install.waitFor(5, TimeUnit.MINUTES)).as("npm install finishes").isTrue();
            assertThat(install.exitValue()).as("npm install (ioredis) in examples/node").isZero();
        }
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @BeforeEach
    void setUp(LocalRedisServer server) {
        this.server = server;
        redis = RedisSession.connect(RedisEndpoint.parse("test", server.uri()));
        keys = new QueueKeys("node-" + UUID.randomUUID().toString().substring(0, 8));
        queue = new TaskQueue(redis, keys, SETTINGS, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        processes.forEach(Process::destroyForcibly);
        redis.close();
    }

    private Process startNodeWorker(String id) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("node", "qscale_worker.js").directory(EXAMPLE.toFile())
                .redirectErrorStream(true).redirectOutput(Files.createTempFile("node-worker", ".log").toFile());
        builder.environment().put("REDIS_URL", server.uri());
        builder.environment().put("QSCALE_QUEUE", keys.queueName());
        builder.environment().put("QSCALE_WORKER_ID", id);
        builder.environment().put("QSCALE_LUA_DIR", LUA.toString());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    @Test
    void aNodeWorkerIsCountedCompletesTasksDeadLettersAnUnknownTypeAndDrains() throws Exception {
        Process worker = startNodeWorker("node-1");
        for (int i = 0; i < 10; i++) {
            queue.enqueue("sleep", JsonNodeFactory.instance.objectNode().put("ms", 50));
        }
        redis.commands().lpush(keys.queue(), "hello from a foreign producer");
        TaskEnvelope unknown = queue.enqueue("resize", JsonNodeFactory.instance.objectNode().put("width", 200));
        MetricsCollector collector = new MetricsCollector(redis, keys, SETTINGS, HostMetrics.NONE);

        await().atMost(Duration.ofSeconds(30)).until(() -> "11".equals(redis.commands().hget(keys.worker("node-1"), "processed"))
                && redis.commands().llen(keys.deadLetters()) == 1);

        var snapshot = collector.snapshot();
        assertThat(snapshot.activeWorkers()).isEqualTo(1);
        assertThat(snapshot.queueLength()).isZero();
        assertThat(snapshot.inFlight()).isZero();
        assertThat(snapshot.processingSamples()).as("11 completions and 1 failed attempt").isEqualTo(12);
        JsonNode dead = Json.mapper().readTree(redis.commands().lindex(keys.deadLetters(), 0));
        assertThat(dead.at("/task/id").asText()).isEqualTo(unknown.id());
        assertThat(dead.get("reason").asText()).startsWith("unknown task type 'resize'").endsWith("(attempt 1 of 1)");

        new WorkerRegistry(redis, keys, SETTINGS).requestDrain("node-1");

        assertThat(worker.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).isZero();
        assertThat(collector.snapshot().registeredWorkers()).isZero();
    }

    @Test
    void aKilledNodeWorkersTaskIsRecoveredWithAttemptsTwo() throws Exception {
        TaskEnvelope task = queue.enqueue("sleep", JsonNodeFactory.instance.objectNode().put("ms", 60_000));
        Process worker = startNodeWorker("node-2");
        MetricsCollector collector = new MetricsCollector(redis, keys, SETTINGS, HostMetrics.NONE);
        await().atMost(Duration.ofSeconds(20)).until(() -> collector.snapshot().busyWorkers() == 1);

        worker.destroyForcibly();
        assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
        WorkerRegistry registry = new WorkerRegistry(redis, keys, SETTINGS);
        await().atMost(Duration.ofSeconds(20)).until(() -> registry.recoverDeadWorkers().requeued() == 1);

        ClaimedTask again = queue.claim("java-worker", Duration.ofSeconds(1)).orElseThrow();
        assertThat(again.envelope().id()).isEqualTo(task.id());
        assertThat(again.envelope().attempts()).isEqualTo(2);
    }
}
