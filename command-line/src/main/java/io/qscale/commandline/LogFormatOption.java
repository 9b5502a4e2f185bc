package io.qscale.commandline;

import picocli.CommandLine.Option;

/**
 * The {@code --log-format} option of the runnables (manager, worker, keda-scaler). main has
 * already acted on it before logging started ({@link LogFormat#requested}); declaring it here
 * gives it help text and a one-line error for a bad value. Not thread-safe (picocli fills it once).
 */
public final class LogFormatOption {

    @Option(names = "--log-format", defaultValue = "${env:QSCALE_LOG_FORMAT:-human}", paramLabel = "FORMAT",
            description = "Log lines: human, or json (one object per line, with the queue and worker as MDC fields;"
                    + " env QSCALE_LOG_FORMAT). Default: ${DEFAULT-VALUE}")
    private LogFormat format;

    public LogFormat format() {
        return format;
    }
}
