package io.qscale.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.qscale.cli.QscaleCommand;
import io.qscale.core.json.Json;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The long-running commands as a supervisor stops them: SIGTERM is a clean stop, exit 0 and no
 * stack trace, as their {@code --help} says; and a worker that cannot start is seen, said with
 * its exit code, and restarted only a few times a minute.
 */
@ExtendWith(RedisServerExtension.class)
class CleanStopIT {

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void stopsCleanly(String name, String started, List<String> args) throws Exception {
        try (QscaleProcess command = QscaleProcess.start(dir, name, args)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> command.out().contains(started));

            int code = command.terminate(60);

            assertThat(code).as(name + " on SIGTERM; stderr: " + command.err()).isZero();
            assertThat(command.err()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void theManagerExitsZeroOnSigterm(LocalRedisServer redis) throws Exception {
        stopsCleanly("manager", "-> ", List.of("manager", "--redis", redis.uri(), "--queue", "stop-m", "--manual-scale", "1",
                "--no-http", "--scaler-setting", "stateDir=" + dir, "--scaler-setting", "logDir=" + dir));
    }

    @Test
    void theDashboardInLinesModeExitsZeroOnSigterm(LocalRedisServer redis) throws Exception {
        stopsCleanly("dashboard", "queue 0", List.of("dashboard", "--auto-scale", "--redis", redis.uri(), "--queue", "stop-d",
                "--no-http", "--scaler-setting", "stateDir=" + dir, "--scaler-setting", "logDir=" + dir));
    }

    @Test
    void theKedaScalerExitsZeroOnSigterm(LocalRedisServer redis) throws Exception {
        stopsCleanly("keda-scaler", "gRPC on", List.of("keda-scaler", "--redis", redis.uri(), "--queue", "stop-k",
                "--port", Integer.toString(freePort())));
    }

    @Test
    void aWorkerThatCannotStartIsSaidAndRestartedAtMostSixTimesInThirtySeconds(LocalRedisServer redis) throws Exception {
        int port = freePort();
        List<String> args = List.of("manager", "--redis", redis.uri(), "--queue", "crashing", "--manual-scale", "1",
                "--http-port", Integer.toString(port), "--scaler-setting", "command=/bin/false",
                "--scaler-setting", "stateDir=" + dir, "--scaler-setting", "logDir=" + dir);
        try (QscaleProcess manager = QscaleProcess.start(dir, "crashing", args)) {
            // Not a wait for a condition: the 30 s are the window in which starts are counted (the measure).
            Thread.sleep(30_000);

            HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/decisions?limit=100")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode decisions = Json.mapper().readTree(reply.body());
            String listed = decisionsCommand(redis);
            assertThat(manager.terminate(60)).isZero();
            String log = manager.out();

            List<String> started = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            for (JsonNode decision : decisions) {
                decision.get("started").forEach(id -> started.add(id.asText()));
                if (decision.get("outcome").asText().equals("FAILED")) {
                    failures.add(decision.get("detail").asText());
                    assertThat(decision.get("kind").asText()).isEqualTo("failure");
                }
            }
            System.out.println("CleanStopIT: command=/bin/false -> " + started.size() + " starts in 30 s; " + failures);
            assertThat(started).hasSizeBetween(2, 6);
            assertThat(failures).isNotEmpty().allSatisfy(detail -> assertThat(detail)
                    .matches("worker crashing-local-\\w+ exited with code 1 before registering \\(.+ after its start\\); next start in .+"));
            assertThat(listed).contains("FAILED", "exited with code 1 before registering");
            assertThat(log).contains("-> FAILED: worker crashing-local-").contains("exited with code 1 before registering");
            assertThat(log.lines().filter(line -> line.contains("-> APPLIED")).count()).isEqualTo(started.size());
        }
    }

    private static String decisionsCommand(LocalRedisServer redis) {
        StringWriter out = new StringWriter();
        CommandLine line = QscaleCommand.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(line.execute("decisions", "--limit", "30", "--redis", redis.uri(), "--queue", "crashing")).isZero();
        return out.toString();
    }
}
