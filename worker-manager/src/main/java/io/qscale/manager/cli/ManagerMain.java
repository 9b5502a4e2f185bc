package io.qscale.manager.cli;

import io.qscale.worker.demo.OneLineErrors;
import picocli.CommandLine;

/** Entry point of {@code qscale-manager.jar}: the same as {@code qscale manager}. */
public final class ManagerMain {

    private ManagerMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "qscale-manager-logback.xml");
        }
        CommandLine command = new CommandLine(new ManagerCommand())
                .setCommandName("qscale-manager")
                .setParameterExceptionHandler(new OneLineErrors("qscale-manager"));
        System.exit(command.execute(args));
    }
}
