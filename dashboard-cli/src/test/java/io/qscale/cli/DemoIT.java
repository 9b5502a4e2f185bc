package io.qscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code qscale demo --headless} plays the DESIGN.md story on a test Redis, with real worker processes. */
@ExtendWith(RedisServerExtension.class)
class DemoIT {

    @Test
    void theHeadlessDemoPlaysTheStoryAndExitsZero(LocalRedisServer server) {
        StringWriter out = new StringWriter();
        CommandLine line = QscaleCommand.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(out, true));

        int code = line.execute("demo", "--headless", "--redis", server.uri(), "--queue", "demo-it");

        String output = out.toString();
        assertThat(code).as(output).isZero();
        assertThat(output).contains("stress 25: 25 tasks of 3.0 s enqueued")
                .contains("SCALE UP: scale up 3 → 5: queue ")
                .contains("SCALE UP: scale up 5 → 6: ")
                .contains("SCALE DOWN: scale down 6 → 4: queue 0 < 2")
                .contains("SCALE DOWN: scale down 4 → 3: queue 0 < 2")
                .contains("  tasks done      25")
                .contains("  success rate    100 %")
                .contains("The story happened: the pool grew to 6 and shrank back to 3.")
                .doesNotContain("\tat ");
        // The ETA to drain shown 2, 5 and 10 s after the burst, against when the queue really emptied.
        Matcher eta = Pattern.compile("eta at \\+(\\d+)s: said (\\d+) ms, actual (\\d+) ms").matcher(output);
        List<Integer> checked = new ArrayList<>();
        while (eta.find()) {
            double said = Double.parseDouble(eta.group(2));
            double actual = Double.parseDouble(eta.group(3));
            checked.add(Integer.parseInt(eta.group(1)));
            assertThat(said).as("ETA at +%s s (%s)", eta.group(1), output).isBetween(actual * 0.65, actual * 1.35);
        }
        assertThat(checked).as(output).containsExactly(2, 5, 10);
    }

    @Test
    void badDemoOptionsAreOneLineAndExitTwo() {
        StringWriter err = new StringWriter();
        CommandLine line = QscaleCommand.commandLine();
        line.setErr(new PrintWriter(err, true));

        assertThat(line.execute("demo", "--tasks", "0")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("qscale demo: --tasks must be between 1 and 10000, but was 0 (see --help)");
    }
}
