package io.qscale.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
 * docs/protocol.md is precise enough for another language: the Python example worker
 * (examples/python, redis-py) is counted, completes tasks, drains, and is recovered after kill -9.
 */
@ExtendWith(RedisServerExtension.class)
class PythonWorkerIT {

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path WORKER = Path.of("..", "examples", "python", "qscale_worker.py");
    private static final Path LUA = Path.of("src", "main", "resources", "io", "qscale", "core", "lua");
    private static final ProtocolSettings SETTINGS = ProtocolSettings.defaults()
            .withHeartbeat(Duration.ofSeconds(1), Duration.ofSeconds(3));

    private final List<Process> processes = new ArrayList<>();
    private LocalRedisServer server;
    private RedisSession redis;
    private QueueKeys keys;
    private TaskQueue queue;

    @BeforeAll
    static void pythonWithRedisPy() throws Exception {
        boolean available = Files.isExecutable(PYTHON)
                && new ProcessBuilder(PYTHON.toString(), "-c", "import redis").start().waitFor() == 0;
        String why = "needs /usr/bin/python3 with redis-py (Debian: apt-get install python3-redis; .ci/run installs it)";
        if (System.getenv("CI") != null) {
            assertThat(available).as(why).isTrue();
        }
        Assumptions.assumeTrue(available, why);
    }

    @BeforeEach
    void setUp(LocalRedisServer server) {
        this.server = server;
        redis = RedisSession.connect(RedisEndpoint.parse("test", server.uri()));
        keys = new QueueKeys("py-" + UUID.randomUUID().toString().substring(0, 8));
        queue = new TaskQueue(redis, keys, SETTINGS, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        processes.forEach(Process::destroyForcibly);
        redis.close();
    }

    private Process startPythonWorker(String id) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), WORKER.toString())
                .redirectErrorStream(true)
                .redirectOutput(Files.createTempFile("py-worker", ".log").toFile());
        builder.environment().put("REDIS_URL", server.uri());
        builder.environment().put("QSCALE_QUEUE", keys.queueName());
        builder.environment().put("QSCALE_WORKER_ID", id);
        builder.environment().put("QSCALE_LUA_DIR", LUA.toString());
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    @Test
    void aPythonWorkerIsCountedCompletesTasksAndDrains() throws Exception {
        Process worker = startPythonWorker("py-1");
        for (int i = 0; i < 3; i++) {
            queue.enqueue("sleep", JsonNodeFactory.instance.objectNode().put("ms", 50));
        }
        redis.commands().lpush(keys.queue(), "hello from a foreign producer");
        MetricsCollector collector = new MetricsCollector(redis, keys, SETTINGS, HostMetrics.NONE);

        await().atMost(Duration.ofSeconds(20)).until(() -> "4".equals(redis.commands().hget(keys.worker("py-1"), "processed")));

        var snapshot = collector.snapshot();
        assertThat(snapshot.activeWorkers()).isEqualTo(1);
        assertThat(snapshot.queueLength()).isZero();
        assertThat(snapshot.processingSamples()).isEqualTo(4);
        assertThat(snapshot.successRate()).isEqualTo(1.0);

        new WorkerRegistry(redis, keys, SETTINGS).requestDrain("py-1");

        assertThat(worker.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(worker.exitValue()).isZero();
        assertThat(collector.snapshot().registeredWorkers()).isZero();
    }

    @Test
    void aKilledPythonWorkersTaskIsRecoveredWithAttemptsTwo() throws Exception {
        TaskEnvelope task = queue.enqueue("sleep", JsonNodeFactory.instance.objectNode().put("ms", 60_000));
        Process worker = startPythonWorker("py-2");
        // Mid-task: started (attempt counted, counted busy), not merely moved by BLMOVE.
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
