package io.qscale.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code qscale completion bash}: the script sources cleanly in a real bash and completes commands and options. */
class CompletionIT {

    @TempDir
    Path dir;

    private Path script(String shell) throws Exception {
        CommandLine line = QscaleCommand.commandLine();
        StringWriter out = new StringWriter();
        line.setOut(new PrintWriter(out, true));
        assertThat(line.execute("completion", shell)).isZero();
        Path file = dir.resolve("qscale-completion." + shell);
        Files.writeString(file, out.toString());
        return file;
    }

    /** What bash offers for the words typed so far (the last one being completed). */
    private List<String> complete(Path script, String... words) throws Exception {
        String typed = String.join(" ", words);
        // compopt only works while readline runs a completion; here the function is called directly.
        String program = "source \"$1\" || exit 9\n"
                + "compopt() { :; }\n"
                + "COMP_WORDS=(" + typed + "); COMP_CWORD=" + (words.length - 1) + "; COMP_LINE=\"" + typed + "\";"
                + " COMP_POINT=${#COMP_LINE}\n"
                + "_complete_qscale qscale \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Process bash = new ProcessBuilder("bash", "-c", program, "bash", script.toString()).start();
        String said = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(bash.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(errors).as("sourcing and completing print nothing on stderr").isEmpty();
        assertThat(bash.exitValue()).isZero();
        return said.lines().map(String::strip).filter(word -> !word.isEmpty()).sorted().toList();
    }

    @Test
    void theBashScriptCompletesCommandsAndOptions() throws Exception {
        Path script = script("bash");

        assertThat(complete(script, "qscale", "st")).containsExactly("status", "stress");
        assertThat(complete(script, "qscale", "keda")).containsExactly("keda-scaler");
        assertThat(complete(script, "qscale", "manager", "--scaler-s")).containsExactly("--scaler-setting");
    }

    @Test
    void zshGetsTheScriptItRunsThroughBashcompinit() throws Exception {
        assertThat(Files.readString(script("zsh"))).contains("bashcompinit").contains("_complete_qscale");
    }

    @Test
    void anUnknownShellIsABadArgument() {
        CommandLine line = QscaleCommand.commandLine();
        StringWriter err = new StringWriter();
        line.setErr(new PrintWriter(err, true));

        assertThat(line.execute("completion", "fish")).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("qscale completion: Invalid value for positional parameter at index 0 (SHELL)")
                .contains("bash, zsh").doesNotContain("\n");
    }
}
