package io.qscale.worker.demo;

import io.qscale.commandline.LogFormat;
import io.qscale.commandline.OneLineErrors;
import picocli.CommandLine;
import java.util.List;

/** Entry point of {@code qscale-worker.jar}. */
public final class DemoWorkerMain {

    private DemoWorkerMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            LogFormat format = LogFormat.requested(List.of(args), System.getenv()).orElse(LogFormat.human);
            System.setProperty(LogFormat.PROPERTY, format.name());
            System.setProperty("logback.configurationFile",
                    format == LogFormat.json ? "qscale-worker-logback-json.xml" : "qscale-worker-logback.xml");
        }
        CommandLine command = new CommandLine(new WorkerCommand())
                .setCommandName("qscale-worker")
                .setParameterExceptionHandler(new OneLineErrors("qscale-worker"));
        System.exit(command.execute(args));
    }
}
