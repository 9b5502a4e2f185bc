package io.qscale.cli;

import io.qscale.manager.config.QscaleConfig;
import io.qscale.rules.config.ScalingConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of the commands that run the rules ({@code manager}, {@code keda-scaler}): the
 * profile, the qscale.yml over it, and the pool's bounds over both. Not thread-safe (picocli fills it once).
 */
final class RulesOptions {

    @Option(names = "--profile", defaultValue = "${env:QSCALE_PROFILE:-default}",
            description = "Rule settings: default (target tracking: workers at most 80 %% busy), thresholds (the classic"
                    + " rules) or demo (short windows for the demo story); docs/scaling-rules.md. Default: ${DEFAULT-VALUE}")
    private String profile;

    @Option(names = "--min", paramLabel = "N", description = "Fewest workers. Default: the profile's (1; demo 3).")
    private Integer min;

    @Option(names = "--max", paramLabel = "N", description = "Most workers. Default: the profile's (10; demo 6).")
    private Integer max;

    @Option(names = "--config", paramLabel = "FILE",
            description = "A qscale.yml (env QSCALE_CONFIG). Default: ./qscale.yml when it exists. Flags and environment win over it.")
    private Path configFile;

    /** The configuration file over the profile; fails with the file's one-line error. */
    QscaleConfig file() {
        return QscaleConfig.locate(configFile, ScalingConfig.profile(profile));
    }

    /** {@code config} with the bounds the flags give, where they give them. */
    ScalingConfig bounded(ScalingConfig config) {
        return config.withBounds(min != null ? min : config.minWorkers(), max != null ? max : config.maxWorkers());
    }
}
