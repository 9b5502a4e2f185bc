package io.qscale.cli;

import io.qscale.cli.actions.PoolActions;
import io.qscale.cli.actions.QueueContext;
import io.qscale.cli.actions.StressRequest;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** {@code qscale interactive}: a prompt with history and completion. */
@Command(name = "interactive", mixinStandardHelpOptions = true, versionProvider = QscaleCommand.Version.class,
        description = "A prompt: stress N, scale N, auto on|off, mode, metrics, workers, decisions, status, help, quit.")
final class InteractiveCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Override
    public Integer call() throws Exception {
        try (QueueContext pool = QueueContext.connect(QscaleCommand.parse(spec, connection::endpoint),
                QscaleCommand.parse(spec, connection::keys), QscaleCommand.parse(spec, connection::scaling), true)) {
            InteractiveShell shell = new InteractiveShell(pool);
            if (System.console() == null) {
                // Commands from a pipe or a file: read them line by line.
                return shell.run(new BufferedReader(new InputStreamReader(System.in,
                        StandardCharsets.UTF_8)), spec.commandLine().getOut());
            }
            try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                return shell.run(terminal, Path.of(System.getProperty("user.home"), ".qscale_history"));
            }
        }
    }
}
