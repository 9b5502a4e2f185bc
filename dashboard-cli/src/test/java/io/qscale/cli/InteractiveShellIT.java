package io.qscale.cli;

import io.qscale.cli.actions.QueueContext;

import static org.assertj.core.api.Assertions.assertThat;

import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The interactive prompt driven through its input stream, acting on a real Redis. */
@ExtendWith(RedisServerExtension.class)
class InteractiveShellIT {

    @Test
    void commandsActOnRedisBadOnesPrintHelpAndQuitExits(LocalRedisServer server) throws Exception {
        QueueKeys keys = new QueueKeys("i-" + UUID.randomUUID().toString().substring(0, 6));
        String typed = String.join("\n", "stress 25", "scale 4", "teleport", "scale many", "scale 11", "mode dry-run", "status", "quit",
                "stress 1000") + "\n";
        StringWriter screen = new StringWriter();
        try (QueueContext pool = QueueContext.connect(RedisEndpoint.parse("test", server.uri()), keys,
                io.qscale.rules.config.ScalingConfig.thresholdsProfile(), false)) {

            int code = new InteractiveShell(pool).run(new BufferedReader(new StringReader(typed)), new PrintWriter(screen, true));

            String output = screen.toString();
            assertThat(code).isZero();
            assertThat(pool.queue().length()).as("stress 25 enqueued, the line after quit never ran").isEqualTo(25);
            assertThat(pool.redis().commands().get(keys.mode())).as("the last mode set").isEqualTo("dry-run");
            assertThat(output).contains("stress: 25 sleep task(s) of 3.0 s enqueued")
                    .contains("mode manual:4 (no manager runs for queue " + keys.queueName())
                    .contains("unknown command 'teleport'").contains("  stress N              enqueue N demo tasks")
                    .contains("scale needs a number of workers, for example: scale 4")
                    .contains("a manual target must be between 0 and maxWorkers 10, but was 11")
                    .contains("mode dry-run").contains("bye").doesNotContain("\tat ");
        }
    }
}
