package io.qscale.cli;

import io.qscale.commandline.LogFormat;

import io.qscale.core.redis.RedisUnavailableException;
import io.qscale.commandline.OneLineErrors;
import io.qscale.worker.demo.WorkerCommand;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import java.util.List;

/** The {@code qscale} command. */
@Command(name = "qscale", mixinStandardHelpOptions = true, versionProvider = QscaleCommand.Version.class,
        description = "Autoscaler for Redis-backed worker pools.",
        subcommands = {DemoCommand.class, InteractiveCommand.class, DashboardCommand.class, PoolCommands.Stress.class, PoolCommands.Scale.class, PoolCommands.Mode.class,
                PoolCommands.Monitor.class, MetricsCommand.class, PoolCommands.Workers.class, PoolCommands.Decisions.class,
                PoolCommands.Status.class, ManagerCommand.class, KedaScalerCommand.class, WorkerCommand.class, SimulateCommand.class,
                RecordCommand.class, CompletionCommand.class},
        footer = {"", "Exit codes: 0 done, 1 Redis unreachable or the command failed, 2 bad arguments."})
public final class QscaleCommand implements Runnable {

    @CommandLine.Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            // Before anything logs: --log-format json picks the JSON encoder (LogFormatOption documents it).
            LogFormat format = LogFormat.requested(List.of(args), System.getenv()).orElse(LogFormat.human);
            System.setProperty(LogFormat.PROPERTY, format.name());
            System.setProperty("logback.configurationFile",
                    format == LogFormat.json ? "qscale-cli-logback-json.xml" : "qscale-cli-logback.xml");
        }
        if (args.length > 0 && args[0].equals("demo")) {
            // The demo narrates every decision itself; the manager's own lines would repeat them.
            System.setProperty("qscale.manager.log", "WARN");
        }
        if (args.length > 0 && args[0].equals("dashboard")) {
            // The dashboard owns the screen and shows every decision, failures included.
            System.setProperty("qscale.console.log", "OFF");
            System.setProperty("qscale.manager.log", "OFF");
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: one-line errors for bad arguments and unreachable servers. */
    public static CommandLine commandLine() {
        CommandLine line = new CommandLine(new QscaleCommand());
        line.setParameterExceptionHandler(new OneLineErrors("qscale"));
        line.setExecutionExceptionHandler((e, command, parsed) -> {
            String name = command.getCommandSpec().qualifiedName(" ");
            if (e instanceof RedisUnavailableException) {
                command.getErr().println(name + ": " + e.getMessage());
                return 1;
            }
            command.getErr().println(name + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return 1;
        });
        return line;
    }

    /** Turns a bad value into a parameter error (exit 2, one line) that names the option. */
    static <T> T parse(CommandSpec spec, Supplier<T> value) {
        try {
            return value.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The version from the jar manifest, or "dev" when run from classes. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = QscaleCommand.class.getPackage().getImplementationVersion();
            return new String[] {"qscale " + (version == null ? "dev" : version)};
        }
    }
}
