package io.qscale.worker.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.qscale.core.json.Json;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskEnvelope;
import io.qscale.core.protocol.WorkerActivity;
import io.qscale.core.protocol.WorkerIdentity;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.core.redis.RedisUnavailableException;
import io.qscale.worker.Worker;
import io.qscale.worker.WorkerSettings;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.slf4j.LoggerFactory;
import io.qscale.core.protocol.Scripts;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerRegistry;

/**
 * A training run for class-data sharing: the build starts the worker once with
 * {@code -XX:ArchiveClassesAtExit} and {@code --cds-training}, and this loads the classes a
 * worker's start loads (command line, logging, JSON, the demo handler, the Redis client up to a
 * refused connection, the worker itself) without needing a Redis. Workers started with the
 * archive map those classes instead of loading them: they heartbeat sooner
 * (docs/benchmarks.md). Not thread-safe; runs once.
 */
final class CdsTraining {

    private CdsTraining() {
    }

    static void run(PrintWriter out) {
        LoggerFactory.getLogger(CdsTraining.class).debug("class-data sharing training run");
        TaskEnvelope task = TaskEnvelope.create("noop", JsonNodeFactory.instance.objectNode().put("ms", 0), Instant.now());
        String json = Json.encode(task);
        try {
            TaskEnvelope back = Json.mapper().readValue(json, TaskEnvelope.class);
            new DemoTaskHandler(Duration.ZERO, new Random(1), Optional.empty()).handle(back);
        } catch (Exception e) {
            throw new IllegalStateException("the training task failed: " + e.getMessage(), e);
        }
        new WorkerActivity(1, "");
        WorkerSettings.defaults().withConcurrency(2);
        WorkerIdentity.ofThisProcess(Map.of(), Clock.systemUTC().instant(), "training");
        new QueueKeys("training").processing("w");
        ProtocolSettings.defaults();
        for (Class<?> type : new Class<?>[] {Worker.class, TaskQueue.class,
                WorkerRegistry.class, Scripts.class}) {
            try {
                Class.forName(type.getName(), true, CdsTraining.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        try (RedisSession session = RedisSession.connect(RedisEndpoint.parse("training", "redis://127.0.0.1:1"))) {
            out.println("qscale worker: something answers on port 1; the training connected");
        } catch (RedisUnavailableException expected) {
            // The point: the client's classes up to a refused connection are loaded now.
        }
        out.println("qscale worker: class-data sharing training done");
        out.flush();
    }
}
