package io.qscale.cli;

import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.manager.config.QscaleConfig;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.commandline.RedisOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options every command that talks to Redis shares: {@code --redis}, {@code --queue} and
 * {@code --config}. Filled once by picocli; not thread-safe.
 */
public final class ConnectionOptions extends RedisOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "A qscale.yml (env QSCALE_CONFIG). Default: ./qscale.yml when it exists. Flags and environment win over it.")
    Path configFile;

    private QscaleConfig file;

    /** The configuration file in force (over the given profile), read once. */
    QscaleConfig file(ScalingConfig base) {
        if (file == null) {
            file = QscaleConfig.locate(configFile, base);
        }
        return file;
    }

    /**
     * The profile a command without {@code --profile} reads the file over: {@code QSCALE_PROFILE},
     * else the default profile, as {@code qscale manager} does, so that every command reads the
     * same rules from the same file.
     */
    static ScalingConfig profileInForce() {
        String name = System.getenv("QSCALE_PROFILE");
        return ScalingConfig.profile(name == null || name.isBlank() ? "default" : name.strip());
    }

    RedisEndpoint endpoint() {
        return endpoint(file(profileInForce()).redis());
    }

    /** The rules the file gives over the profile in force: the manual-target bound comes from them. */
    ScalingConfig scaling() {
        return file(profileInForce()).scaling();
    }

    QueueKeys keys() {
        return keys(file(profileInForce()).queue());
    }
}
