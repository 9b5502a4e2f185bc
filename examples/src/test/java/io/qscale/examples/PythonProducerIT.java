package io.qscale.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qscale.core.metrics.HostMetrics;
import io.qscale.core.metrics.MetricsCollector;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.examples.thumbnails.ThumbnailHandler;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Use case 2: examples/python/producer.py enqueues, Java workers make the thumbnails; qscale sees the arrivals. */
@ExtendWith(RedisServerExtension.class)
class PythonProducerIT {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path dir;

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

    @Test
    void aPythonProducerFeedsJavaWorkers(LocalRedisServer server) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out");
        for (int i = 0; i < 5; i++) {
            ExampleSupport.image(in.resolve("photo-" + i + ".png"), 300 + 10 * i, 200, "png");
        }
        RedisEndpoint endpoint = RedisEndpoint.parse("test", server.uri());
        QueueKeys keys = new QueueKeys("py-thumbs-" + UUID.randomUUID().toString().substring(0, 6));

        ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), "python/producer.py", in.toString(), out.toString(), "64")
                .redirectErrorStream(true);
        builder.environment().put("REDIS_URL", server.uri());
        builder.environment().put("QSCALE_QUEUE", keys.queueName());
        builder.environment().put("QSCALE_LUA_DIR", "../monitoring-core/src/main/resources/io/qscale/core/lua");
        Process producer = builder.start();
        String said = new String(producer.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(producer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(producer.exitValue()).as(said).isZero();
        assertThat(said.strip()).isEqualTo("enqueued 5 thumbnail task(s) on " + keys.queueName());

        try (RedisSession redis = RedisSession.connect(endpoint)) {
            MetricsCollector metrics = new MetricsCollector(redis, keys, ProtocolSettings.defaults(), HostMetrics.NONE);
            assertThat(metrics.snapshot().queueLength()).isEqualTo(5);
            assertThat(metrics.snapshot().arrivalRate()).as("the enqueue script counted the arrivals").isPositive();

            try (AutoCloseable worker = ExampleSupport.worker(endpoint, keys, "java-1", new ThumbnailHandler(), 2)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    try (var files = Files.list(out)) {
                        return files.filter(p -> p.toString().endsWith(".png")).count() == 5;
                    } catch (java.io.IOException notYet) {
                        return false;
                    }
                });
            }
            assertThat(metrics.snapshot().queueLength()).isZero();
            assertThat(metrics.snapshot().deadLetters()).isZero();
        }
    }
}
