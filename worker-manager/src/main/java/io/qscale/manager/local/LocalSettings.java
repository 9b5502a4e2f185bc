package io.qscale.manager.local;

import io.qscale.manager.scaler.ScalerContext;
import io.qscale.manager.scaler.ScalerSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The local scaler's settings, read and checked once when it is made. Immutable.
 *
 * @param command the worker's command line, without a shell (empty: this JVM running the light demo worker)
 * @param args words appended to it
 * @param logDir where each worker's output goes ({@code <id>.log})
 * @param stateDir where each worker's pid file goes, for a later manager to adopt it
 * @param stopGrace how long a stopped worker may take to drain before it is killed
 */
public record LocalSettings(List<String> command, List<String> args, Path logDir, Path stateDir, Duration stopGrace) {

    /** Every setting's name, in the order docs/operations.md lists them. */
    public static final List<String> KNOWN = List.of("command", "args", "logDir", "stateDir", "stopGraceMs");
    /** The worker's own 30 s grace plus a margin. */
    public static final long DEFAULT_STOP_GRACE_MS = 35_000;

    public LocalSettings {
        command = List.copyOf(command);
        args = List.copyOf(args);
    }

    /** Reads {@code context}'s settings; a bad or unknown one fails naming it. */
    public static LocalSettings from(ScalerContext context) {
        ScalerSettings settings = ScalerSettings.of("local", context, KNOWN);
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "qscale-" + context.queue());
        return new LocalSettings(settings.words("command"), settings.words("args"),
                Path.of(settings.text("logDir", base.toString())), Path.of(settings.text("stateDir", base.toString())),
                Duration.ofMillis(settings.whole("stopGraceMs", DEFAULT_STOP_GRACE_MS, 1)));
    }
}
