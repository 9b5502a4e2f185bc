package io.qscale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.qscale.core.json.Json;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerIdentity;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import io.qscale.worker.Worker;
import io.qscale.worker.WorkerSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code qscale simulate} and {@code qscale record}, end to end through the command line. */
@ExtendWith(RedisServerExtension.class)
class SimulateCommandIT {

    @TempDir
    Path folder;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine line = QscaleCommand.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        return line.execute(args);
    }

    @Test
    void theSameSeedGivesTheSameJsonByteForByteWithThePolicyUnderTestFirst() throws Exception {
        assertThat(run("simulate", "--scenario", "step", "--service-times", "exponential", "--seed", "42", "--json",
                "--compare", "hpa,keda,seed,fixed:3")).isZero();
        String first = out.toString();
        assertThat(run("simulate", "--scenario", "step", "--service-times", "exponential", "--seed", "42", "--json",
                "--compare", "hpa,keda,seed,fixed:3")).isZero();

        assertThat(out.toString()).isEqualTo(first);
        JsonNode json = Json.mapper().readTree(first);
        assertThat(json.at("/trace/name").asText()).isEqualTo("step");
        List<String> names = new ArrayList<>();
        json.get("policies").forEach(p -> names.add(p.get("name").asText()));
        assertThat(names).containsExactly("default", "hpa", "keda", "seed", "fixed:3");
        assertThat(json.get("policies").get(0).fieldNames()).toIterable().containsExactly("name", "underAccuracy",
                "overAccuracy", "underTimeshare", "overTimeshare", "instability", "jitter", "waitP50Ms", "waitP95Ms",
                "waitMaxMs", "workerSeconds", "scalingActions");
        assertThat(run("simulate", "--scenario", "step", "--service-times", "exponential", "--seed", "43", "--json",
                "--compare", "hpa,keda,seed,fixed:3")).isZero();
        assertThat(out.toString()).isNotEqualTo(first);
    }

    @Test
    void theTextShowsTheScoresAndChartsAndTheReportIsOnePageWithItsCharts() throws Exception {
        Path report = folder.resolve("report.html");

        assertThat(run("simulate", "--scenario", "seed-burst", "--report", report.toString())).isZero();

        assertThat(out.toString()).contains("seed-burst: 240 s, 25 tasks").contains("policy").contains("τU %")
                .containsPattern("(?m)^default +[0-9.]+").containsPattern("(?m)^hpa ").containsPattern("(?m)^keda ")
                .containsPattern("(?m)^seed ").contains("demand ").contains("supply default").contains("queue  hpa")
                .contains("report written to " + report);
        String html = Files.readString(report);
        assertThat(html).startsWith("<!doctype html>").contains("<canvas id=\"workers\">").contains("<canvas id=\"queue\">")
                .contains("Chart.js v4").contains("\"name\":\"keda\"");
    }

    @Test
    void badInputIsOneLineNamingTheOptionAndChangesNothing() throws Exception {
        assertThat(run("simulate", "--scenario", "tsunami")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown scenario 'tsunami'; the scenarios are diurnal, flash-crowd").doesNotContain("\tat ");
        assertThat(run("simulate", "--scenario", "step", "--compare", "hpa,magic")).isEqualTo(2);
        assertThat(err.toString()).contains("--compare takes hpa, keda, seed, fixed:N, a profile (default, thresholds, demo) or a .yml file,"
                + " but was 'magic'");
        Path bad = folder.resolve("bad.csv");
        Files.writeString(bad, "second,arrivals\n0,1\n5,1\n");
        assertThat(run("simulate", "--trace", bad.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("bad.csv line 3: second must be 1 (one row per second from 0, in order), but was 5");
        assertThat(run("simulate", "--scenario", "step", "--trace", bad.toString())).isEqualTo(2);
        assertThat(run("record", "--duration", "forever", "--out", folder.resolve("x.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--duration must be a duration such as 500ms, 30s, 5m or 1h, but was 'forever'");
        assertThat(run("record", "--duration", "500ms", "--out", folder.resolve("x.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--duration must be from 1s to 7 days, but was '500ms'");
        assertThat(folder.resolve("x.csv")).doesNotExist();
    }

    @Test
    void aRecordedLiveQueueReplaysThroughTheSimulator(LocalRedisServer server) throws Exception {
        String queue = "rec-" + UUID.randomUUID().toString().substring(0, 6);
        QueueKeys keys = new QueueKeys(queue);
        Path trace = folder.resolve("live.csv");
        try (RedisSession redis = RedisSession.connect(RedisEndpoint.parse("test", server.uri()));
                RedisSession workerSession = RedisSession.connect(RedisEndpoint.parse("test", server.uri()))) {
            Worker worker = new Worker(workerSession, keys, new WorkerIdentity("rec-w", "h", 1, Instant.now(), "t"),
                    task -> Thread.sleep(200), WorkerSettings.defaults(), Clock.systemUTC());
            Thread thread = new Thread(worker);
            thread.start();
            TaskQueue tasks = new TaskQueue(redis, keys, ProtocolSettings.defaults(), Clock.systemUTC());
            CompletableFuture<Integer> recording = CompletableFuture.supplyAsync(() -> run("record", "--duration", "6s",
                    "--out", trace.toString(), "--redis", server.uri(), "--queue", queue));
            // Traffic starts once the recording has taken its baseline and counted its first second.
            await().atMost(Duration.ofSeconds(10)).until(() -> err.toString().contains("[record] 1/6 s"));
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 3; j++) {
                    tasks.enqueue("sleep", null);
                }
                Thread.sleep(1000);
            }
            assertThat(recording.get()).isZero();
            new io.qscale.core.protocol.WorkerRegistry(redis, keys, ProtocolSettings.defaults()).requestDrain("rec-w");
            thread.join(10_000);
        }
        List<String> rows = Files.readAllLines(trace);
        assertThat(rows.get(0)).isEqualTo("second,arrivals,serviceMs");
        assertThat(rows).hasSize(7);
        assertThat(rows.stream().skip(1).mapToInt(row -> Integer.parseInt(row.split(",")[1])).sum()).isEqualTo(12);
        assertThat(rows.stream().skip(1).map(row -> Long.parseLong(row.split(",")[2])))
                .as("processing times measured once tasks finished").anyMatch(ms -> ms >= 150 && ms <= 400);

        assertThat(run("simulate", "--trace", trace.toString(), "--json")).isZero();
        JsonNode json = Json.mapper().readTree(out.toString());
        assertThat(json.at("/trace/tasks").asLong()).isEqualTo(12);
        assertThat(json.get("policies")).hasSize(4);
    }
}
