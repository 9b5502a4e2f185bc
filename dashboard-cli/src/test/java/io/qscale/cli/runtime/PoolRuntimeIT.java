package io.qscale.cli.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qscale.cli.QscaleCommand;
import io.qscale.cli.dashboard.DashboardFeed;
import io.qscale.cli.dashboard.DashboardView;
import io.qscale.cli.http.ApiServer;
import io.qscale.cli.http.ApiSettings;
import io.qscale.cli.http.PoolObserver;
import io.qscale.core.control.ManagerMode;
import io.qscale.core.json.Json;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.Scripts;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import io.qscale.manager.ManagerSettings;
import io.qscale.manager.local.LocalProcessScaler;
import io.qscale.manager.runtime.Pool;
import io.qscale.manager.runtime.PoolEvent;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.rules.config.ScalingConfig;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One {@link Pool} runtime per process: one sample per tick whatever reads it, the scaler's count
 * on /metrics, and the same host CPU in every view, under real load. Real Redis, real HTTP.
 */
@ExtendWith(RedisServerExtension.class)
class PoolRuntimeIT {

    private final HttpClient http = HttpClient.newHttpClient();

    private static Pool managedPool(LocalRedisServer server, QueueKeys keys, ManagerMode mode) throws Exception {
        RedisEndpoint endpoint = RedisEndpoint.parse("test", server.uri());
        Path state = Files.createTempDirectory("qscale-runtime");
        LocalProcessScaler scaler = LocalProcessScaler.create(new ScalerContext(keys.queueName(), endpoint,
                Map.of("stateDir", state.toString(), "logDir", state.toString())));
        Pool pool = Pool.builder(endpoint, keys)
                .manager(ScalingConfig.thresholdsProfile(), scaler, ManagerSettings.defaults("m-" + keys.queueName()))
                .open();
        pool.modes().set(mode);
        return pool;
    }

    private JsonNode getJson(ApiServer api, String path) throws Exception {
        return Json.mapper().readTree(get(api, path));
    }

    private String get(ApiServer api, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void theProcessSamplesRedisOncePerTickWithTheManagerTheDashboardAndTheApiAllOn(LocalRedisServer server) throws Exception {
        QueueKeys keys = new QueueKeys("once-" + UUID.randomUUID().toString().substring(0, 6));
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicInteger ticks = new AtomicInteger();
        Pool pool = managedPool(server, keys, ManagerMode.DRY_RUN);
        try (RedisMonitor monitor = new RedisMonitor(server.port());
                DashboardFeed dashboard = new DashboardFeed(pool);
                PoolObserver observer = new PoolObserver(pool, meters);
                ApiServer api = new ApiServer(pool, observer, meters, new ApiSettings("127.0.0.1", 0, Optional.empty(), 1024), "t")) {
            pool.subscribe(event -> {
                if (event instanceof PoolEvent.Sampled) {
                    ticks.incrementAndGet();
                }
            });
            api.start();
            InputStream events = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/events"))
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream()).body();
            pool.start();
            // Every local consumer reads as often as it likes: none of them samples.
            while (ticks.get() < 5) {
                DashboardView.render(dashboard.model("t", "f"), 80, 24);
                get(api, "/api/metrics");
                get(api, "/metrics");
                get(api, "/api/history?minutes=1");
                Thread.sleep(100);
            }
            pool.close(); // no tick after this: the counts below are final
            events.close();
            long snapshots = monitor.count("\"evalsha\" \"" + Scripts.SNAPSHOT.sha() + "\"");
            System.out.println("PoolRuntimeIT: " + ticks.get() + " ticks, " + snapshots + " snapshot script calls, "
                    + monitor.count("\"evalsha\"") + " EVALSHA in all");

            assertThat(snapshots).as("snapshot script calls for %d ticks", ticks.get()).isEqualTo(ticks.get());
        } finally {
            pool.close();
        }
    }

    @Test
    void theScalerInstancesGaugeIsTheScalersCountWhileAManagerRuns(LocalRedisServer server) throws Exception {
        QueueKeys keys = new QueueKeys("count-" + UUID.randomUUID().toString().substring(0, 6));
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Pool pool = managedPool(server, keys, ManagerMode.manual(2));
                PoolObserver observer = new PoolObserver(pool, meters);
                ApiServer api = new ApiServer(pool, observer, meters, new ApiSettings("127.0.0.1", 0, Optional.empty(), 1024), "t")) {
            api.start();
            pool.start();
            Pattern gauge = Pattern.compile("qscale_scaler_instances\\{queue=\"" + keys.queueName() + "\"} (\\S+)");

            await().atMost(Duration.ofSeconds(60)).until(() -> pool.latest().map(s -> s.activeWorkers() == 2).orElse(false));
            String scrape = get(api, "/metrics");
            Matcher value = gauge.matcher(scrape);

            assertThat(value.find()).as(scrape).isTrue();
            long children = ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                    .filter(child -> child.info().command().map(command -> command.endsWith("java")).orElse(false)).count();
            assertThat(Double.parseDouble(value.group(1))).as("the local scaler's children").isEqualTo(children).isEqualTo(2.0);
            assertThat(getJson(api, "/api/metrics").get("scalerInstances").asInt()).isEqualTo(2);
        }
    }

    @Test
    void everyViewReportsTheSameHostCpuUnderTwoBusyLoopsAndWhenIdle(LocalRedisServer server) throws Exception {
        QueueKeys keys = new QueueKeys("cpu-" + UUID.randomUUID().toString().substring(0, 6));
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Pool pool = managedPool(server, keys, ManagerMode.DRY_RUN);
                DashboardFeed dashboard = new DashboardFeed(pool);
                PoolObserver observer = new PoolObserver(pool, meters);
                ApiServer api = new ApiServer(pool, observer, meters, new ApiSettings("127.0.0.1", 0, Optional.empty(), 1024), "t")) {
            api.start();
            pool.start();
            List<Double> busy;
            AtomicBoolean burning = new AtomicBoolean(true);
            List<Thread> loops = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Thread loop = new Thread(() -> {
                    long x = 0;
                    while (burning.get()) {
                        x += System.nanoTime() % 7;
                    }
                    if (x == 42) {
                        System.out.print("");
                    }
                }, "busy-loop-" + i);
                loop.setDaemon(true);
                loop.start();
                loops.add(loop);
            }
            try {
                busy = await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> views(pool, dashboard, api, server, keys), all -> all.stream().allMatch(v -> v >= 0.8));
            } finally {
                burning.set(false);
                for (Thread loop : loops) {
                    loop.join();
                }
            }
            List<Double> idle = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> views(pool, dashboard, api, server, keys), all -> all.stream().allMatch(v -> v < 0.3));

            assertThat(busy).hasSize(5).allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(0.8));
            assertThat(idle).hasSize(5).allSatisfy(v -> assertThat(v).isLessThan(0.3));
        }
    }

    /** Host CPU as the terminal dashboard, qscale metrics --json, /api/metrics, the decision and /metrics say it. */
    private List<Double> views(Pool pool, DashboardFeed dashboard, ApiServer api, LocalRedisServer server, QueueKeys keys)
            throws Exception {
        List<Double> views = new ArrayList<>();
        String panel = DashboardView.render(dashboard.model("t", "f"), 80, 24).stream()
                .filter(line -> line.startsWith("Host CPU:")).findFirst().orElseThrow();
        Matcher percent = Pattern.compile("Host CPU:\\s+(\\d+) %").matcher(panel);
        views.add(percent.find() ? Integer.parseInt(percent.group(1)) / 100.0 : -1);
        StringWriter out = new StringWriter();
        picocli.CommandLine line = QscaleCommand.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.execute("metrics", "--json", "--redis", server.uri(), "--queue", keys.queueName());
        views.add(Json.mapper().readTree(out.toString()).get("hostCpuLoad").asDouble());
        views.add(getJson(api, "/api/metrics").get("hostCpuLoad").asDouble());
        views.add(pool.latestDecision().orElseThrow().decision().inputs().orElseThrow().hostCpuLoad());
        Matcher gauge = Pattern.compile("qscale_host_cpu_load_ratio\\{queue=\"" + keys.queueName() + "\"} (\\S+)")
                .matcher(get(api, "/metrics"));
        views.add(gauge.find() ? Double.parseDouble(gauge.group(1)) : -1);
        return views;
    }
}
