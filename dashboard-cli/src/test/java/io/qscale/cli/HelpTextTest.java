package io.qscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's --help renders as written: no format error, no picocli warning on stderr. */
class HelpTextTest {

    @Test
    void everyCommandsHelpRendersWithoutAWarning() {
        PrintStream original = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        StringBuilder all = new StringBuilder();
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            CommandLine root = QscaleCommand.commandLine();
            all.append(root.getUsageMessage());
            for (Map.Entry<String, CommandLine> command : root.getSubcommands().entrySet()) {
                all.append(command.getValue().getUsageMessage());
            }
        } finally {
            System.setErr(original);
        }

        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(QscaleCommand.commandLine().getSubcommands()).containsKeys("manager", "keda-scaler", "worker", "simulate");
        assertThat(QscaleCommand.commandLine().getSubcommands().get("manager").getUsageMessage())
                .containsPattern("80 %\\s+busy").doesNotContain("%%").contains("kubernetes");
        assertThat(all).doesNotContain("%n").doesNotContain("${");
    }
}
