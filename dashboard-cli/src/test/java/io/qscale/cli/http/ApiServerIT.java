package io.qscale.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qscale.core.json.Json;
import io.qscale.core.metrics.HostMetrics;
import io.qscale.core.metrics.MetricsCollector;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerIdentity;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.manager.runtime.Pool;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import io.qscale.core.control.DecisionLog;
import io.qscale.rules.config.ScalingConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The HTTP API on a real server and a real Redis. */
@ExtendWith(RedisServerExtension.class)
class ApiServerIT {

    private static final String TOKEN = "s3cret-token";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private RedisSession redis;
    private QueueKeys keys;
    private PoolObserver observer;
    private Pool pool;
    private ApiServer open;
    private ApiServer guarded;

    private LocalRedisServer server;

    @BeforeEach
    void start(LocalRedisServer server) throws Exception {
        this.server = server;
        redis = RedisSession.connect(RedisEndpoint.parse("test", server.uri()));
        keys = new QueueKeys("api-" + UUID.randomUUID().toString().substring(0, 6));
        ProtocolSettings protocol = ProtocolSettings.defaults();
        TaskQueue queue = new TaskQueue(redis, keys, protocol, Clock.systemUTC());
        WorkerRegistry registry = new WorkerRegistry(redis, keys, protocol);
        registry.heartbeat(new WorkerIdentity("w1", "host", 7, Instant.now(), "t"), false);
        queue.enqueue("sleep", null);
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        pool = Pool.builder(RedisEndpoint.parse("test", server.uri()), keys).hostMetrics(HostMetrics.NONE)
                .config(ScalingConfig.thresholdsProfile().withBounds(1, 10)).open();
        observer = new PoolObserver(pool, meters);
        pool.tick();
        open = new ApiServer(pool, observer, meters, new ApiSettings("127.0.0.1", 0, Optional.empty(), 1024), "test");
        guarded = new ApiServer(pool, observer, meters, new ApiSettings("127.0.0.1", 0, Optional.of(TOKEN), 1024), "test");
        open.start();
        guarded.start();
    }

    @AfterEach
    void stop() throws Exception {
        open.close();
        guarded.close();
        observer.close();
        pool.close();
        redis.close();
    }

    private HttpResponse<String> get(ApiServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(ApiServer server, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body());
    }

    @Test
    void everyReadEndpointAnswersWithItsShape() throws Exception {
        JsonNode metrics = json(get(open, "/api/metrics"));
        assertThat(metrics.get("queue").asText()).isEqualTo(keys.queueName());
        assertThat(metrics.get("queueLength").asLong()).isEqualTo(1);
        assertThat(metrics.get("slots").asInt()).isEqualTo(1);
        assertThat(metrics.get("busySlots").asInt()).isZero();
        assertThat(metrics.get("activeWorkers").asInt()).isEqualTo(1);

        JsonNode workers = json(get(open, "/api/workers"));
        assertThat(workers).hasSize(1);
        assertThat(workers.get(0).get("id").asText()).isEqualTo("w1");
        assertThat(workers.get(0).get("state").asText()).isEqualTo("IDLE");

        JsonNode history = json(get(open, "/api/history?minutes=5"));
        assertThat(history.get("minutes").asInt()).isEqualTo(5);
        assertThat(history.get("points").get(0).get("queueLength").asLong()).isEqualTo(1);

        assertThat(json(get(open, "/api/decisions?limit=5")).isArray()).isTrue();
        JsonNode config = json(get(guarded, "/api/config"));
        assertThat(config.get("scaling").get("maxWorkers").asInt()).isEqualTo(10);
        assertThat(config.get("http").get("apiToken").asText()).isEqualTo("***");
        assertThat(get(guarded, "/api/config").body()).doesNotContain(TOKEN);
        JsonNode status = json(get(open, "/api/status"));
        assertThat(status.get("mode").asText()).isEqualTo("auto");
        assertThat(status.get("scaler").asText()).as("no manager runs in this process").isEqualTo("none");
        assertThat(json(get(open, "/healthz")).get("status").asText()).isEqualTo("ok");
        assertThat(get(open, "/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void historyFollowsTheLatestDecisionsTarget() throws Exception {
        io.qscale.rules.policy.ScaleDecision up = new io.qscale.rules.policy.ScaleDecision(Instant.now(),
                io.qscale.rules.policy.ScaleAction.SCALE_UP, io.qscale.rules.policy.DecisionKind.POLICY, 1, 5, "thresholds",
                "queue 9 > 8", 3, java.util.List.of(), java.util.List.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                "scale up 1 → 5: queue 9 > 8");
        new DecisionLog(redis, keys, 100).append(new io.qscale.core.control.RecordedDecision(up, "m1", true, io.qscale.core.control.ManagerMode.AUTO,
                io.qscale.core.control.RecordedDecision.Outcome.APPLIED, "", java.util.List.of(), java.util.List.of(), java.util.List.of()));

        pool.tick();

        JsonNode points = json(get(open, "/api/history?minutes=1")).get("points");
        assertThat(points.get(0).get("targetWorkers").asInt()).as("before the decision: the pool").isEqualTo(1);
        assertThat(points.get(points.size() - 1).get("targetWorkers").asInt()).isEqualTo(5);
        assertThat(get(open, "/metrics").body()).contains("qscale_decisions_total{direction=\"scale_up\",outcome=\"applied\"");
    }

    @Test
    void changesActOnRedis() throws Exception {
        HttpResponse<String> scale = post(open, "/api/scale", "{\"workers\": 4}", null);
        HttpResponse<String> stress = post(open, "/api/stress", "{\"tasks\": 5, \"durationMs\": 10}", null);

        assertThat(scale.statusCode()).isEqualTo(200);
        assertThat(redis.commands().get(keys.mode())).isEqualTo("manual:4");
        assertThat(stress.statusCode()).isEqualTo(200);
        assertThat(json(stress).get("queueLength").asLong()).isEqualTo(6);
        assertThat(post(open, "/api/mode", "{\"mode\": \"dry-run\"}", null).statusCode()).isEqualTo(200);
        assertThat(redis.commands().get(keys.mode())).isEqualTo("dry-run");
    }

    @Test
    void theApiAndTheCliRefuseTheSameStressSizeWithTheSameMessage() throws Exception {
        long before = redis.commands().llen(keys.queue());
        for (int tasks : new int[] {0, 100_001}) {
            HttpResponse<String> api = post(open, "/api/stress", "{\"tasks\": " + tasks + "}", null);
            java.io.StringWriter err = new java.io.StringWriter();
            picocli.CommandLine cli = io.qscale.cli.QscaleCommand.commandLine();
            cli.setOut(new java.io.PrintWriter(new java.io.StringWriter(), true));
            cli.setErr(new java.io.PrintWriter(err, true));
            int code = cli.execute("stress", "--tasks", Integer.toString(tasks), "--redis", server.uri(), "--queue", keys.queueName());

            assertThat(api.statusCode()).isEqualTo(400);
            assertThat(code).isEqualTo(2);
            assertThat(err.toString().strip()).isEqualTo("qscale stress: " + json(api).get("error").asText() + " (see --help)");
        }
        assertThat(redis.commands().llen(keys.queue())).as("nothing enqueued").isEqualTo(before);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "/api/scale  | {\"workers\": \"five\"}     | 400 | field workers must be a whole number, but was \"five\"",
            "/api/scale  | {\"workers\": 99}          | 400 | a manual target must be between 0 and maxWorkers 10, but was 99",
            "/api/mode   | {\"mode\": \"manual\", \"workers\": -1} | 400 | a manual target must be between 0 and maxWorkers 10, but was -1",
            "/api/scale  | {}                         | 400 | field workers is required: a whole number",
            "/api/scale  | {\"workers\": 3, \"x\": 1} | 400 | field x is not known here; known: workers",
            "/api/scale  | [3]                        | 400 | the body must be a JSON object",
            "/api/scale  | {\"workers\":              | 400 | the body is not valid JSON",
            "/api/mode   | {\"mode\": \"turbo\"}      | 400 | mode must be auto, dry-run or manual [N], but was 'turbo'",
            "/api/mode   | {\"mode\": \"auto\", \"workers\": 3} | 400 | a number of workers goes with mode manual only",
            "/api/stress | {\"tasks\": 0}            | 400 | tasks must be between 1 and 100000, but was 0",
            "/api/stress | {\"tasks\": 2, \"type\": \"magic\"} | 400 | type must be one of sleep, cpu, fail, noop, but was 'magic'",
            "/api/mode   | {}                         | 400 | field mode is required: text",
            "/api/stress | {\"tasks\": 2, \"failRate\": 2} | 400 | failRate must be between 0 and 1, but was 2.0"})
    void aBadBodyIsA4xxJsonErrorAndChangesNothing(String path, String body, int status, String message) throws Exception {
        HttpResponse<String> response = post(open, path.trim(), body.trim(), null);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(json(response).get("error").asText()).isEqualTo(message);
        assertThat(json(response).get("status").asInt()).isEqualTo(status);
        assertThat(redis.commands().get(keys.mode())).as("nothing changed").isNull();
        assertThat(redis.commands().llen(keys.queue())).as("nothing enqueued").isEqualTo(1);
    }

    @Test
    void oversizedBodiesUnknownPathsAndWrongMethodsAreRefused() throws Exception {
        HttpResponse<String> large = post(open, "/api/stress", "{\"tasks\": 1, \"pad\": \"" + "x".repeat(2000) + "\"}", null);
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(json(large).get("error").asText()).isEqualTo("the body is larger than 1024 bytes");
        assertThat(get(open, "/api/nothing").statusCode()).isEqualTo(404);
        assertThat(get(open, "/api/scale").statusCode()).isEqualTo(405);
        assertThat(post(open, "/api/metrics", "{}", null).statusCode()).isEqualTo(405);
        assertThat(get(open, "/api/decisions?limit=abc").statusCode()).isEqualTo(400);
        assertThat(redis.commands().llen(keys.queue())).isEqualTo(1);
    }

    @Test
    void withATokenChangesNeedItComparedExactly() throws Exception {
        HttpResponse<String> none = post(guarded, "/api/scale", "{\"workers\": 3}", null);
        HttpResponse<String> wrong = post(guarded, "/api/scale", "{\"workers\": 3}", "s3cret-tokem");
        HttpResponse<String> right = post(guarded, "/api/scale", "{\"workers\": 3}", TOKEN);

        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(right.statusCode()).isEqualTo(200);
        assertThat(get(guarded, "/api/metrics").statusCode()).as("reading needs no token").isEqualTo(200);
        assertThat(redis.commands().get(keys.mode())).isEqualTo("manual:3");
    }

    @Test
    void boundToEveryAddressChangesNeedTheTokenAndReadsDoNot() throws Exception {
        try (ApiServer wide = new ApiServer(pool, observer, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                new ApiSettings("0.0.0.0", 0, Optional.of(TOKEN), 1024), "test")) {
            wide.start();

            assertThat(post(wide, "/api/mode", "{\"mode\": \"dry-run\"}", null).statusCode()).isEqualTo(401);
            assertThat(redis.commands().get(keys.mode())).isNull();
            assertThat(get(wide, "/api/status").statusCode()).isEqualTo(200);
            assertThat(post(wide, "/api/mode", "{\"mode\": \"dry-run\"}", TOKEN).statusCode()).isEqualTo(200);
            assertThat(redis.commands().get(keys.mode())).isEqualTo("dry-run");
        }
    }

    @Test
    void bindingBeyondLoopbackWithoutATokenIsRefused() {
        assertThatThrownBy(() -> new ApiSettings("0.0.0.0", 0, Optional.empty(), 1024))
                .hasMessage("--http-bind 0.0.0.0 is not a loopback address, so the API needs a token for state-changing"
                        + " requests: set --api-token, QSCALE_API_TOKEN or http.token in qscale.yml");
        assertThat(new ApiSettings("0.0.0.0", 0, Optional.of(TOKEN), 1024).toString()).doesNotContain(TOKEN);
    }

    @Test
    void eventsStreamSnapshots() throws Exception {
        pool.start();
        HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + open.port() + "/api/events")).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            assertThat(stream.headers().firstValue("Content-Type")).contains("text/event-stream; charset=utf-8");
            assertThat(reader.readLine()).isEqualTo("event: snapshot");
            assertThat(reader.readLine()).startsWith("data: {").contains("\"queue\":\"" + keys.queueName() + "\"");
        }
    }

    @Test
    void everyGaugeTheGrafanaDashboardQueriesIsScraped() throws Exception {
        String dashboard = Files.readString(Path.of("..", "deploy", "grafana", "qscale-dashboard.json"));
        String scrape = get(open, "/metrics").body();
        java.util.regex.Matcher names = java.util.regex.Pattern.compile("qscale_[a-z0-9_]+").matcher(dashboard);
        int checked = 0;
        while (names.find()) {
            String name = names.group();
            if (!name.endsWith("_total")) { // counters appear with their first event
                assertThat(scrape).as(name).contains(name + "{");
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void prometheusScrapeHasEveryGaugeAndPassesPromtool() throws Exception {
        HttpResponse<String> scrape = get(open, "/metrics");

        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).contains("qscale_queue_length{queue=\"" + keys.queueName() + "\"} 1.0")
                .contains("qscale_workers_active{queue=\"" + keys.queueName() + "\"} 1.0")
                .contains("qscale_slots{queue=\"" + keys.queueName() + "\"} 1.0")
                .contains("qscale_slots_busy{queue=\"" + keys.queueName() + "\"} 0.0")
                .contains("# HELP qscale_queue_latency_seconds");
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("promtool is missing; .ci/run installs Debian's prometheus package");
            }
            Assumptions.abort("no /usr/bin/promtool (Debian package prometheus); skipping the promtool check");
        }
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(scrape.body().getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(said).isZero();
    }
}
