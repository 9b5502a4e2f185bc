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
import java.util.List;
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
            registry.heartbeat(new WorkerIdentity("w2", "h", 2, Instant.now(), "t"), false,
                    io.qscale.core.protocol.WorkerLoad.UNKNOWN, new io.qscale.core.protocol.WorkerActivity(3, ""));
            for (int i = 0; i < 4; i++) {
                tasks.enqueue("sleep", null);
            }
            tasks.claim("w1", Duration.ofMillis(200)).orElseThrow();
            tasks.claimNow("w2").orElseThrow();
        }

        int code = run("metrics", "--json", "--redis", server.uri(), "--queue", queue);

        assertThat(code).isZero();
        JsonNode json = Json.mapper().readTree(out.toString());
        assertThat(json.get("queue").asText()).isEqualTo(queue);
        assertThat(json.get("queueLength").asLong()).isEqualTo(2);
        assertThat(json.get("inFlight").asLong()).isEqualTo(2);
        assertThat(json.get("activeWorkers").asInt()).isEqualTo(2);
        assertThat(json.get("busyWorkers").asInt()).isEqualTo(2);
        // w1 has one slot, w2 three: two of four slots run a task.
        assertThat(json.get("slots").asInt()).isEqualTo(4);
        assertThat(json.get("busySlots").asInt()).isEqualTo(2);
        assertThat(json.get("utilization").asDouble()).isEqualTo(0.5);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void metricsWithACensusSaysWhetherTheCountersEqualAWorkerByWorkerCount(LocalRedisServer server) {
        String queue = "census-" + UUID.randomUUID().toString().substring(0, 8);
        try (RedisSession redis = RedisSession.connect(RedisEndpoint.parse("test", server.uri()))) {
            QueueKeys keys = new QueueKeys(queue);
            new WorkerRegistry(redis, keys, ProtocolSettings.defaults())
                    .heartbeat(new WorkerIdentity("w1", "h", 1, Instant.now(), "t"), false);
            TaskQueue tasks = new TaskQueue(redis, keys, ProtocolSettings.defaults(), Clock.systemUTC());
            tasks.enqueue("sleep", null);
            tasks.claimNow("w1").orElseThrow();

            assertThat(run("metrics", "--census", "--redis", server.uri(), "--queue", queue)).isZero();
            assertThat(out.toString()).contains("census: 1 workers visited one by one; every count equals the snapshot's");

            out.getBuffer().setLength(0);
            redis.commands().del(keys.processing("w1")); // by hand, around the scripts: the counters drift
            assertThat(run("metrics", "--census", "--redis", server.uri(), "--queue", queue)).isEqualTo(1);
            assertThat(out.toString()).contains("census: the snapshot's counters differ from a count of the workers: "
                    + "busy 1 (census 0), busy slots 1 (census 0), in flight 1 (census 0)");
        }
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

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "scale -1              | qscale scale: a manual target must be between 0 and maxWorkers 10, but was -1 (see --help)",
            "scale 11              | qscale scale: a manual target must be between 0 and maxWorkers 10, but was 11 (see --help)",
            "mode manual:11        | qscale mode: a manual target must be between 0 and maxWorkers 10, but was 11 (see --help)",
            "manager --manual-scale 11 --no-http | qscale manager: a manual target must be between 0 and maxWorkers 10, but was 11 (see --help)",
            "scale abc             | qscale scale: Invalid value for positional parameter at index 0 (N): 'abc' is not an int (see --help)",
            "stress --tasks 0      | qscale stress: tasks must be between 1 and 100000, but was 0 (see --help)",
            "stress --tasks 5 --type magic | qscale stress: type must be one of sleep, cpu, fail, noop, but was 'magic' (see --help)",
            "monitor --duration 0  | qscale monitor: --duration must be between 1 and 86400, but was 0 (see --help)",
            "mode sometimes        | qscale mode: mode must be auto, dry-run or manual [N], but was 'sometimes' (see --help)",
            "keda-scaler --port 70000 | qscale keda-scaler: --port must be between 0 and 65535, but was 70000 (see --help)",
            "keda-scaler --min 5 --max 2 | qscale keda-scaler: minWorkers must be at most maxWorkers (2), but was 5 (see --help)",
            "manager --scaler kubernetes --scaler-setting settle=soon --no-http | qscale manager: scaler.settle must be a duration such as 500ms, 30s, 5m or 1h, but was 'soon' (see --help)",
            "teleport              | qscale: Unmatched argument at index 0: 'teleport' (see --help)"})
    void everyBadArgumentIsOneLineAndExitTwo(String args, String message, LocalRedisServer server) {
        List<String> argv = new java.util.ArrayList<>(List.of(args.trim().split("\\s+")));
        if (!argv.get(0).equals("teleport")) {
            argv.addAll(List.of("--redis", server.uri()));
        }

        int code = run(argv.toArray(new String[0]));

        assertThat(code).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo(message);
    }

    @Test
    void scaleAndStressActOnRedis(LocalRedisServer server) {
        String queue = "act-" + UUID.randomUUID().toString().substring(0, 6);

        assertThat(run("stress", "--tasks", "1200", "--redis", server.uri(), "--queue", queue)).isZero();
        assertThat(run("scale", "4", "--redis", server.uri(), "--queue", queue)).isZero();

        assertThat(out.toString()).contains("[##############################] 1200/1200 tasks enqueued")
                .contains("stress: 1200 sleep task(s) of 3.0 s enqueued on " + queue + "; queue length now 1200")
                .contains("mode manual:4 (no manager runs for queue " + queue);
        try (var redis = RedisSession.connect(RedisEndpoint.parse("test", server.uri()))) {
            assertThat(redis.commands().get(new QueueKeys(queue).mode())).isEqualTo("manual:4");
            assertThat(redis.commands().llen(new QueueKeys(queue).queue())).isEqualTo(1200);
        }
    }

    @Test
    void aConfigFileSetsRedisAndQueueAndFlagsWinOverIt(LocalRedisServer server, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("qscale.yml");
        java.nio.file.Files.writeString(file, "redis: " + server.uri() + "\nqueue: from-file\n");

        assertThat(run("metrics", "--config", file.toString())).isZero();
        assertThat(run("metrics", "--config", file.toString(), "--queue", "from-flag")).isZero();

        assertThat(out.toString()).contains("queue from-file at " + server.uri()).contains("queue from-flag at " + server.uri());
    }

    @Test
    void aBadConfigFileIsOneLineNamingThePath(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("qscale.yml");
        java.nio.file.Files.writeString(file, "scaling:\n  maxWorkers: 0\n");

        assertThat(run("manager", "--config", file.toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("qscale manager: scaling.maxWorkers must be >= 1, but was 0 (see --help)");
        err.getBuffer().setLength(0);
        assertThat(run("status", "--config", dir.resolve("missing.yml").toString())).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("qscale status: config file " + dir.resolve("missing.yml")
                + " does not exist (see --help)");
    }

    @Test
    void anUnreachableRedisIsExitOneForEveryCommand() {
        for (String command : List.of("stress", "scale", "workers", "decisions", "status", "keda-scaler")) {
            err.getBuffer().setLength(0);
            String[] args = switch (command) {
                case "stress" -> new String[] {"stress", "--tasks", "1", "--redis", "redis://127.0.0.1:1"};
                case "scale" -> new String[] {"scale", "2", "--redis", "redis://127.0.0.1:1"};
                default -> new String[] {command, "--redis", "redis://127.0.0.1:1"};
            };
            assertThat(run(args)).as(command).isEqualTo(1);
            assertThat(err.toString().strip()).as(command)
                    .isEqualTo("qscale " + command + ": cannot connect to Redis at redis://127.0.0.1:1: Connection refused");
        }
    }

    @Test
    void badArgumentsAreOneLineWithExitTwo() {
        assertThat(run("metrics", "--queue", "a b")).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("qscale metrics: queue must be").endsWith("(see --help)")
                .doesNotContain("\n");
    }
}
