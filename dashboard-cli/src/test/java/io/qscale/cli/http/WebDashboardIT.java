package io.qscale.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qscale.core.metrics.HostMetrics;
import io.qscale.core.metrics.MetricsCollector;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskEnvelope;
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
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import io.qscale.core.control.RecordedDecision;
import io.qscale.rules.policy.DecisionKind;
import io.qscale.rules.policy.ScaleAction;
import io.qscale.rules.policy.ScaleDecision;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The web dashboard in headless Chromium (Debian's chromium and chromium-driver): charts follow
 * the queue, the scale button changes the target. Saves target/web-dashboard.png.
 */
@ExtendWith(RedisServerExtension.class)
class WebDashboardIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    void theChartsFollowTheQueueAndTheScaleButtonChangesTheTarget(LocalRedisServer server) throws Exception {
        boolean browser = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        String why = "needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver); .ci/run installs them";
        if (System.getenv("CI") != null) {
            assertThat(browser).as(why).isTrue();
        }
        Assumptions.assumeTrue(browser, why);

        QueueKeys keys = new QueueKeys("web-it");
        ProtocolSettings protocol = ProtocolSettings.defaults();
        try (RedisSession redis = RedisSession.connect(RedisEndpoint.parse("test", server.uri()))) {
            TaskQueue queue = new TaskQueue(redis, keys, protocol, Clock.systemUTC());
            WorkerRegistry registry = new WorkerRegistry(redis, keys, protocol);
            registry.heartbeat(new WorkerIdentity("web-worker-1", "host", 1, Instant.now(), "t"), false);
            DecisionLog decisions = new DecisionLog(redis, keys, 100);
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            try (Pool pool = Pool.builder(RedisEndpoint.parse("test", server.uri()), keys).hostMetrics(HostMetrics.NONE)
                    .config(ScalingConfig.thresholdsProfile().withBounds(1, 10)).open();
                    PoolObserver observer = new PoolObserver(pool, meters);
                    ApiServer api = new ApiServer(pool, observer, meters, new ApiSettings("127.0.0.1", 0, Optional.empty(), 16 * 1024),
                            "test")) {
                pool.start();
                api.start();
                ChromeDriver browserDriver = chrome();
                try {
                    var wait = org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions();
                    browserDriver.get("http://127.0.0.1:" + api.port() + "/");
                    wait.until(() -> browserDriver.findElement(By.id("queue-length")).getText().equals("0"));
                    assertThat(browserDriver.findElement(By.id("queue")).getText()).isEqualTo("web-it");
                    wait.until(() -> browserDriver.findElement(By.id("workers")).getText().contains("web-worker-1"));

                    // Tasks arrive: the number and the chart follow.
                    List<TaskEnvelope> tasks = new ArrayList<>();
                    for (int i = 0; i < 7; i++) {
                        tasks.add(TaskEnvelope.create("sleep", null, Instant.now()));
                    }
                    queue.enqueueAll(tasks);
                    wait.until(() -> browserDriver.findElement(By.id("queue-length")).getText().equals("7"));
                    Object lastPoint = ((JavascriptExecutor) browserDriver).executeScript(
                            "const d = window.qscale.charts.queue.data.datasets[0].data; return d[d.length - 1].y;");
                    assertThat(((Number) lastPoint).intValue()).isEqualTo(7);
                    Object target = ((JavascriptExecutor) browserDriver).executeScript(
                            "const d = window.qscale.charts.workers.data.datasets[1].data; return d[d.length - 1].y;");
                    assertThat(((Number) target).intValue()).as("before any decision the target is the pool").isEqualTo(
                            Integer.parseInt(browserDriver.findElement(By.id("active")).getText()));

                    // A real time axis: the ticks are clock times.
                    wait.until(() -> {
                        List<?> ticks = (List<?>) ((JavascriptExecutor) browserDriver).executeScript(
                                "return window.qscale.charts.queue.scales.x.ticks.map(t => t.label);");
                        return !ticks.isEmpty() && ticks.stream().allMatch(t -> String.valueOf(t).matches("\\d\\d:\\d\\d:\\d\\d"));
                    });
                    assertThat(browserDriver.findElement(By.id("eta")).getText()).startsWith("ETA to drain: ");
                    assertThat(((Number) ((JavascriptExecutor) browserDriver).executeScript(
                            "return window.qscale.charts.throughput.data.datasets[0].data.length;")).intValue()).isPositive();
                    assertThat(((JavascriptExecutor) browserDriver).executeScript(
                            "return window.qscale.charts.cpu.data.datasets[0].label;")).isEqualTo("host CPU %");

                    // A scale-up decision (from the leader's stream) is marked on the workers chart where it happened.
                    Instant decidedAt = Instant.now();
                    decisions.append(new RecordedDecision(new ScaleDecision(decidedAt, ScaleAction.SCALE_UP, DecisionKind.POLICY,
                            1, 3, "thresholds", "queue > 8", 3, List.of(), List.of(), Optional.empty(), Optional.empty(),
                            Optional.empty(), "scale up 1 → 3: queue 9 > 8"), "m1", true, io.qscale.core.control.ManagerMode.AUTO, RecordedDecision.Outcome.APPLIED,
                            "", List.of(), List.of(), List.of()));
                    wait.until(() -> ((Number) ((JavascriptExecutor) browserDriver).executeScript(
                            "return window.qscale.charts.workers.data.datasets[2].data.length;")).intValue() == 1);
                    @SuppressWarnings("unchecked")
                    java.util.Map<String, Object> mark = (java.util.Map<String, Object>) ((JavascriptExecutor) browserDriver)
                            .executeScript("return window.qscale.charts.workers.data.datasets[2].data[0];");
                    assertThat(((Number) mark.get("y")).intValue()).isEqualTo(3);
                    assertThat(((Number) mark.get("x")).longValue()).isEqualTo(decidedAt.toEpochMilli());
                    assertThat(((JavascriptExecutor) browserDriver).executeScript(
                            "return window.qscale.charts.workers.data.datasets[2].label;")).isEqualTo("scale up");
                    assertThat(browserDriver.findElement(By.id("action")).getText()).isEqualTo("SCALE UP → 3");
                    assertThat(((JavascriptExecutor) browserDriver).executeScript(
                            "return window.qscale.charts.workers.data.datasets.slice(0, 2).map(d => d.stepped);"))
                            .as("worker counts are drawn as steps, never as a curve through 0.9 workers")
                            .isEqualTo(List.of("after", "after"));

                    // Holds after it fold into one entry that counts; the scale-up stays in view right below.
                    for (int second = 1; second <= 3; second++) {
                        decisions.append(new RecordedDecision(new ScaleDecision(decidedAt.plusSeconds(second), ScaleAction.HOLD,
                                DecisionKind.POLICY, 3, 3, "thresholds", "none", 3, List.of(), List.of(), Optional.empty(),
                                Optional.empty(), Optional.empty(), "hold at 3: queue 0 < 2"), "m1", true, io.qscale.core.control.ManagerMode.AUTO,
                                RecordedDecision.Outcome.NO_CHANGE, "", List.of(), List.of(), List.of()));
                    }
                    wait.until(() -> browserDriver.findElements(By.cssSelector("#decisions li")).get(0).getText().contains("(×3 since "));
                    List<WebElement> items = browserDriver.findElements(By.cssSelector("#decisions li"));
                    assertThat(items.get(0).getText()).contains("hold at 3: queue 0 < 2 — no change");
                    assertThat(items.get(1).getText()).contains("scale up 1 → 3: queue 9 > 8 — applied");

                    // Scale: the target becomes manual:4, in the page and in Redis.
                    WebElement input = browserDriver.findElement(By.id("scale-input"));
                    input.clear();
                    input.sendKeys("4");
                    browserDriver.findElement(By.id("scale-button")).click();
                    wait.until(() -> browserDriver.findElement(By.id("mode")).getText().equals("manual:4"));
                    assertThat(redis.commands().get(keys.mode())).isEqualTo("manual:4");

                    Path shot = ((TakesScreenshot) browserDriver).getScreenshotAs(OutputType.FILE).toPath();
                    Files.copy(shot, Path.of("target", "web-dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
                } finally {
                    browserDriver.quit();
                }
            }
        }
    }

    private static ChromeDriver chrome() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1280,1100", "--user-data-dir=" + Files.createTempDirectory("qscale-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
