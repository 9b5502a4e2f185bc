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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command reads the same rules from the same qscale.yml: one without {@code policies:} is
 * the default profile (target tracking) for {@code metrics}, {@code status} and the manager alike
 * (metrics and status once read it over the thresholds profile while the manager did not).
 */
@ExtendWith(RedisServerExtension.class)
class EffectiveRulesIT {

    @TempDir
    Path dir;

    private static String qscale(String... args) {
        StringWriter out = new StringWriter();
        CommandLine line = QscaleCommand.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(new StringWriter(), true));
        assertThat(line.execute(args)).as(String.join(" ", args)).isZero();
        return out.toString();
    }

    @Test
    void metricsStatusAndTheManagerReportTheSameRulesFromAFileWithoutPolicies(LocalRedisServer redis) throws Exception {
        Path config = dir.resolve("qscale.yml");
        Files.writeString(config, "redis: " + redis.uri() + "\nqueue: rules\nscaling:\n  maxWorkers: 7\n");

        JsonNode metrics = Json.mapper().readTree(qscale("metrics", "--json", "--config", config.toString()));
        String status = qscale("status", "--config", config.toString());
        String manager;
        try (QscaleProcess process = QscaleProcess.start(dir, "manager", List.of("manager", "--dry-run", "--no-http",
                "--config", config.toString(), "--scaler-setting", "stateDir=" + dir, "--scaler-setting", "logDir=" + dir))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> process.out().contains("qscale manager on queue"));
            manager = process.out();
        }

        assertThat(metrics.at("/rules/policies").toString()).isEqualTo("[\"target-tracking\"]");
        assertThat(metrics.at("/rules/maxWorkers").asInt()).isEqualTo(7);
        assertThat(status).contains("rules target-tracking, pool 1 to 7");
        assertThat(manager).contains("rules target-tracking, pool 1 to 7");
    }
}
