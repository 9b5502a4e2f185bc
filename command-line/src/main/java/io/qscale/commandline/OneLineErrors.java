package io.qscale.commandline;

import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Prints a bad argument as one line ("qscale worker: --queue must be ..., but was ... (see
 * --help)") instead of the whole usage text, and exits 2. Stateless and thread-safe.
 */
public final class OneLineErrors implements CommandLine.IParameterExceptionHandler {

    /** The exit code for bad arguments. */
    public static final int BAD_ARGUMENTS = 2;

    private final String program;

    public OneLineErrors(String program) {
        this.program = program;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        String command = e.getCommandLine().getCommandSpec().qualifiedName(" ");
        String name = command.startsWith(program) ? command : program + " " + command;
        e.getCommandLine().getErr().println(name.strip() + ": " + e.getMessage() + " (see --help)");
        return BAD_ARGUMENTS;
    }
}
