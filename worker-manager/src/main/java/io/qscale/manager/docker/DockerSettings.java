package io.qscale.manager.docker;

import io.qscale.manager.scaler.ScalerContext;
import io.qscale.manager.scaler.ScalerSettings;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The docker scaler's settings, read and checked once when it is made (before it connects to
 * the engine). Immutable.
 *
 * @param image the worker image (required)
 * @param network the containers' network mode
 * @param env extra {@code KEY=VALUE} variables for the workers
 * @param memory a memory limit in bytes, if any
 * @param cpus a CPU limit, if any
 * @param dockerHost the engine to talk to
 * @param stopGraceSeconds how long {@code docker stop} waits before SIGKILL
 */
public record DockerSettings(String image, String network, List<String> env, OptionalLong memory, OptionalDouble cpus,
        String dockerHost, int stopGraceSeconds) {

    /** Every setting's name, in the order docs/operations.md lists them. */
    public static final List<String> KNOWN = List.of("image", "network", "env", "memory", "cpus", "dockerHost", "stopGraceSeconds");

    public DockerSettings {
        env = List.copyOf(env);
    }

    /** Reads {@code context}'s settings; a bad or unknown one fails naming it. */
    public static DockerSettings from(ScalerContext context) {
        ScalerSettings settings = ScalerSettings.of("docker", context, KNOWN);
        return new DockerSettings(settings.required("image", "qscale/worker:local"), settings.text("network", "host"),
                settings.pairs("env"), settings.bytes("memory"), settings.positive("cpus"),
                settings.text("dockerHost", DockerEngine.DEFAULT_HOST), (int) Math.min(3600, settings.whole("stopGraceSeconds", 35, 0)));
    }
}
