package io.qscale.commandline;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * How a runnable logs: {@code human} lines, or {@code json}, one object per line for a log
 * collector. Chosen by {@code --log-format} or {@code QSCALE_LOG_FORMAT} before logging starts
 * (the runnable's {@code main} picks its Logback file with {@link #requested}); the commands
 * declare the option ({@link LogFormatOption}) so that help and bad values work as for any other.
 */
public enum LogFormat {
    human, json;

    /** The system property main sets, so that code printing status lines knows the format. */
    public static final String PROPERTY = "qscale.log.format";
    public static final String ENV = "QSCALE_LOG_FORMAT";

    /**
     * The format the arguments or the environment ask for ({@code --log-format json},
     * {@code --log-format=json}; the flag wins), or empty when neither names a known one (the
     * command's own option then reports a bad value).
     */
    public static Optional<LogFormat> requested(List<String> args, Map<String, String> env) {
        String value = env.get(ENV);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--log-format") && i + 1 < args.size()) {
                value = args.get(i + 1);
            } else if (arg.startsWith("--log-format=")) {
                value = arg.substring("--log-format=".length());
            }
        }
        if (value == null) {
            return Optional.empty();
        }
        for (LogFormat format : values()) {
            if (format.name().equals(value.toLowerCase(Locale.ROOT))) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The format main chose for this process (human unless it chose json). */
    public static LogFormat current() {
        return "json".equals(System.getProperty(PROPERTY)) ? json : human;
    }

    /**
     * A status line for people ("qscale manager on queue ..."): printed as is in human format,
     * logged at INFO in json format, so every line of the output stays one JSON object.
     */
    public static void announce(PrintWriter out, Logger log, String line) {
        if (current() == json) {
            log.info("{}", line);
        } else {
            out.println(line);
            out.flush();
        }
    }
}
