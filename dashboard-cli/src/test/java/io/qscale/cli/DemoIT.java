package io.qscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.qscale.core.control.DecisionLog;
import io.qscale.core.control.RecordedDecision;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.policy.DecisionKind;
import io.qscale.rules.policy.ScaleDecision;
import io.qscale.sim.Policy;
import io.qscale.sim.Scenarios;
import io.qscale.sim.SimulationResult;
import io.qscale.sim.SimulationSettings;
import io.qscale.sim.Simulator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code qscale demo --headless} plays the story of docs/architecture.md on a test Redis, with real worker processes. */
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
        theSimulatorTakesTheSamePathWithinATick(server, output);
    }

    /**
     * Fidelity: the simulator, given the same traffic (25 tasks of 3 s onto the demo profile's 3
     * workers), takes the same path 3 → 5 → 6 → 4 → 3, each step within one tick (1 s) of when the
     * live manager took it, counted from the first scale-up.
     */
    private static void theSimulatorTakesTheSamePathWithinATick(LocalRedisServer server, String output) {
        List<long[]> live = new ArrayList<>();
        try (RedisSession redis = RedisSession.connect(RedisEndpoint.parse("test", server.uri()))) {
            List<RecordedDecision> records = new ArrayList<>(new DecisionLog(redis, new QueueKeys("demo-it"), 1000).recent(1000));
            java.util.Collections.reverse(records); // oldest first
            for (RecordedDecision record : records) {
                ScaleDecision d = record.decision();
                if (record.outcome() == RecordedDecision.Outcome.APPLIED && d.kind() == DecisionKind.POLICY) {
                    live.add(new long[] {d.at().toEpochMilli(), d.current(), d.target()});
                }
            }
        }
        SimulationResult simulated = Simulator.run(Scenarios.named("seed-burst"), Policy.qscale("demo", ScalingConfig.demo()),
                SimulationSettings.defaults(), null);
        List<SimulationResult.Action> actions = simulated.actions();
        assertThat(live).as(output).extracting(step -> step[1] + " → " + step[2])
                .containsExactly("3 → 5", "5 → 6", "6 → 4", "4 → 3");
        assertThat(actions).extracting(a -> a.from() + " → " + a.to()).containsExactly("3 → 5", "5 → 6", "6 → 4", "4 → 3");
        for (int i = 1; i < live.size(); i++) {
            long liveOffset = live.get(i)[0] - live.get(0)[0];
            long simulatedOffset = actions.get(i).atMillis() - actions.get(0).atMillis();
            assertThat(Math.abs(liveOffset - simulatedOffset))
                    .as("step %d: live %d ms after the first scale-up, simulated %d ms (%s)", i, liveOffset, simulatedOffset, output)
                    .isLessThanOrEqualTo(1000);
        }
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
