package io.qscale.worker.demo;

import io.qscale.commandline.OneLineErrors;
import picocli.CommandLine;

/** Entry point of {@code qscale-worker.jar}. */
public final class DemoWorkerMain {

    private DemoWorkerMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "qscale-worker-logback.xml");
        }
        CommandLine command = new CommandLine(new WorkerCommand())
                .setCommandName("qscale-worker")
                .setParameterExceptionHandler(new OneLineErrors("qscale-worker"));
        System.exit(command.execute(args));
    }
}
