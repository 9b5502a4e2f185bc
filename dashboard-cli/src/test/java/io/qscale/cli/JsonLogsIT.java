package io.qscale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.qscale.core.json.Json;
import io.qscale.localredis.LocalRedisServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qscale manager --log-format json}, the real jar in a child process: every line of its
 * output is one JSON object carrying the queue, and neither the Redis password nor the API token
 * appears in it; the default stays human.
 */
class JsonLogsIT {

    private static final Path JAR = Path.of("target", "qscale.jar");
    private static final String PASSWORD = "s3cret-redis-pw";
    private static final String TOKEN = "t0ken-" + UUID.randomUUID();

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Runs a manager for a few seconds (until its third decision), then SIGTERM; returns its output lines. */
    private List<String> runManager(LocalRedisServer redis, String queue, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "manager", "--dry-run", "--queue", queue, "--http-port", String.valueOf(freePort()),
                "--api-token", TOKEN, "--redis", "redis://alice:" + PASSWORD + "@127.0.0.1:" + redis.port()));
        command.addAll(List.of(extra));
        Path log = dir.resolve(queue + ".log");
        Process manager = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).split("DRY_RUN", -1).length > 3);
        } finally {
            manager.destroy();
            assertThat(manager.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        return Files.readAllLines(log).stream().filter(line -> !line.isBlank()).toList();
    }

    @Test
    void everyLineOfAManagerRunIsJsonWithTheQueueAndNoSecret() throws Exception {
        assertThat(JAR).as("the package phase builds qscale.jar").exists();
        try (LocalRedisServer redis = LocalRedisServer.start(LocalRedisServer.locateBinary(System.getenv(LocalRedisServer.BINARY_ENV)),
                List.of("--user", "alice", "on", ">" + PASSWORD, "~*", "&*", "+@all"))) {
            String queue = "json-" + UUID.randomUUID().toString().substring(0, 6);

            List<String> lines = runManager(redis, queue, "--log-format", "json");

            assertThat(lines).hasSizeGreaterThanOrEqualTo(4).allSatisfy(line -> {
                JsonNode entry = Json.mapper().readTree(line);
                assertThat(entry.isObject()).as(line).isTrue();
                assertThat(entry.at("/mdc/queue").asText()).as(line).isEqualTo(queue);
                assertThat(entry.get("level").asText()).isIn("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
                assertThat(line).doesNotContain(PASSWORD).doesNotContain(TOKEN);
            });
            assertThat(lines).anySatisfy(line -> assertThat(Json.mapper().readTree(line).get("formattedMessage").asText())
                    .startsWith("qscale manager on queue " + queue));
            assertThat(lines).anySatisfy(line -> assertThat(Json.mapper().readTree(line).get("formattedMessage").asText())
                    .contains("-> DRY_RUN"));
        }
    }

    @Test
    void theDefaultStaysHumanAndAlsoKeepsSecretsOut() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start(LocalRedisServer.locateBinary(System.getenv(LocalRedisServer.BINARY_ENV)),
                List.of("--user", "alice", "on", ">" + PASSWORD, "~*", "&*", "+@all"))) {
            List<String> lines = runManager(redis, "human-" + UUID.randomUUID().toString().substring(0, 6));

            assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("qscale manager on queue "));
            assertThat(lines).noneSatisfy(line -> assertThat(line).startsWith("{"));
            assertThat(String.join("\n", lines)).doesNotContain(PASSWORD).doesNotContain(TOKEN);
        }
    }
}
