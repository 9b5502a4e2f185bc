package io.qscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.qscale.core.json.Json;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerIdentity;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

@ExtendWith(RedisServerExtension.class)
class QscaleCommandIT {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine line = QscaleCommand.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    @Test
    void metricsAsJsonShowsTheQueueAndItsWorkers(LocalRedisServer server) throws Exception {
        String queue = "cli-" + UUID.randomUUID().toString().substring(0, 8);
        try (RedisSession redis = RedisSession.connect(RedisEndpoint.parse("test", server.uri()))) {
            QueueKeys keys = new QueueKeys(queue);
            TaskQueue tasks = new TaskQueue(redis, keys, ProtocolSettings.defaults(), Clock.systemUTC());
            WorkerRegistry registry = new WorkerRegistry(redis, keys, ProtocolSettings.defaults());
            registry.heartbeat(new WorkerIdentity("w1", "h", 1, Instant.now(), "t"), false);
            registry.heartbeat(new WorkerIdentity("w2", "h", 2, Instant.now(), "t"), false);
            for (int i = 0; i < 4; i++) {
                tasks.enqueue("sleep", null);
            }
            tasks.claim("w1", Duration.ofMillis(200)).orElseThrow();
        }

        int code = run("metrics", "--json", "--redis", server.uri(), "--queue", queue);

        assertThat(code).isZero();
        JsonNode json = Json.mapper().readTree(out.toString());
        assertThat(json.get("queue").asText()).isEqualTo(queue);
        assertThat(json.get("queueLength").asLong()).isEqualTo(3);
        assertThat(json.get("inFlight").asLong()).isEqualTo(1);
        assertThat(json.get("activeWorkers").asInt()).isEqualTo(2);
        assertThat(json.get("utilization").asDouble()).isEqualTo(0.5);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void metricsAsTextIsReadable(LocalRedisServer server) {
        int code = run("metrics", "--redis", server.uri(), "--queue", "empty");

        assertThat(code).isZero();
        assertThat(out.toString()).contains("queue empty at " + server.uri()).contains("workers       0 active");
    }

    @Test
    void anUnreachableRedisIsOneLineWithExitOneAndNoSecret() {
        int code = run("metrics", "--redis", "redis://:topsecret@127.0.0.1:1");

        assertThat(code).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("qscale metrics: cannot connect to Redis at redis://:***@127.0.0.1:1")
                .doesNotContain("topsecret").doesNotContain("\n");
    }

    @Test
    void badArgumentsAreOneLineWithExitTwo() {
        assertThat(run("metrics", "--queue", "a b")).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("qscale metrics: queue must be").endsWith("(see --help)")
                .doesNotContain("\n");
    }
}
