package io.qscale.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qscale.core.metrics.HostMetrics;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import io.qscale.manager.runtime.Pool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * deploy/prometheus/qscale-alerts.yml: promtool accepts it and its unit tests pass, every alert
 * links a runbook section that exists, and every series it reads is one qscale serves.
 */
@ExtendWith(RedisServerExtension.class)
class AlertRulesIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path RULES = ROOT.resolve("deploy/prometheus/qscale-alerts.yml");
    private static final Path TROUBLESHOOTING = ROOT.resolve("docs/troubleshooting.md");

    private static List<JsonNode> alerts() throws Exception {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(RULES.toFile());
        List<JsonNode> rules = new ArrayList<>();
        root.get("groups").forEach(group -> group.get("rules").forEach(rules::add));
        return rules;
    }

    private static String promtool(String... args) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("promtool is missing; .ci/run installs Debian's prometheus package");
            }
            Assumptions.abort("no /usr/bin/promtool (Debian package prometheus); skipping the promtool checks");
        }
        List<String> command = new ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(RULES.getParent().toFile()).redirectErrorStream(true).start();
        String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", args) + ":\n" + said).isZero();
        return said;
    }

    /** A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to dashes. */
    static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").trim().replace(' ', '-');
    }

    @Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
        assertThat(promtool("check", "rules", "qscale-alerts.yml")).contains("SUCCESS: " + alerts().size() + " rules found");
        assertThat(promtool("test", "rules", "qscale-alerts.test.yml")).contains("SUCCESS");
        assertThat(promtool("check", "config", "prometheus.yml")).as("the compose file's Prometheus")
                .contains("is valid prometheus config file syntax").contains("SUCCESS: 1 rule files found");
    }

    @Test
    void everyAlertHasARunbookSectionAndATest() throws Exception {
        Set<String> anchors = new TreeSet<>();
        for (String line : Files.readAllLines(TROUBLESHOOTING)) {
            if (line.startsWith("## ")) {
                anchors.add(anchor(line.substring(3)));
            }
        }
        String tests = Files.readString(RULES.resolveSibling("qscale-alerts.test.yml"));

        assertThat(alerts()).hasSizeGreaterThanOrEqualTo(6).allSatisfy(alert -> {
            String name = alert.get("alert").asText();
            String runbook = alert.at("/annotations/runbook_url").asText();
            assertThat(runbook).as(name).startsWith("docs/troubleshooting.md#");
            assertThat(anchors).as(name + " runbook").contains(runbook.substring(runbook.indexOf('#') + 1));
            assertThat(tests).as(name + " has a unit test").contains("alertname: " + name);
        });
    }

    @Test
    void everySeriesTheAlertsReadIsServedByQscale(LocalRedisServer server) throws Exception {
        Set<String> used = new TreeSet<>();
        for (JsonNode alert : alerts()) {
            Matcher series = Pattern.compile("qscale_[a-z_]+").matcher(alert.get("expr").asText());
            while (series.find()) {
                used.add(series.group());
            }
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Pool pool = Pool.builder(RedisEndpoint.parse("test", server.uri()), new QueueKeys("alerts-"
                + UUID.randomUUID().toString().substring(0, 6))).hostMetrics(HostMetrics.NONE).open();
                PoolObserver observer = new PoolObserver(pool, registry)) {
            pool.tick();
            String scrape = registry.scrape();

            assertThat(used).isNotEmpty().allSatisfy(name -> assertThat(scrape).as(name).contains("\n" + name + "{"));
            Matcher snapshotAt = Pattern.compile("qscale_last_snapshot_timestamp_seconds\\{[^}]*} (\\S+)").matcher(scrape);
            assertThat(snapshotAt.find()).isTrue();
            assertThat(Double.parseDouble(snapshotAt.group(1))).as("the newest snapshot's time, in seconds")
                    .isCloseTo(System.currentTimeMillis() / 1000.0, org.assertj.core.data.Offset.offset(60.0));
        }
    }
}
