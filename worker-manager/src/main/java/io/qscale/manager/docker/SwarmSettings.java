package io.qscale.manager.docker;

import io.qscale.manager.scaler.ScalerContext;
import io.qscale.manager.scaler.ScalerSettings;
import java.util.List;
import java.util.Optional;

/**
 * The swarm scaler's settings, read and checked once when it is made. Immutable.
 *
 * @param service the Swarm service whose replicas are the workers
 * @param image the image to create the service with when it does not exist
 * @param network the network the service's tasks attach to when it is created
 * @param dockerHost the engine (a Swarm manager node) to talk to
 */
public record SwarmSettings(String service, Optional<String> image, String network, String dockerHost) {

    /** Every setting's name, in the order docs/operations.md lists them. */
    public static final List<String> KNOWN = List.of("service", "image", "network", "dockerHost");

    /** Reads {@code context}'s settings; a bad or unknown one fails naming it. */
    public static SwarmSettings from(ScalerContext context) {
        ScalerSettings settings = ScalerSettings.of("swarm", context, KNOWN);
        return new SwarmSettings(settings.text("service", "qscale-worker-" + context.queue().replace(':', '-')),
                Optional.ofNullable(settings.text("image", null)), settings.text("network", "host"),
                settings.text("dockerHost", DockerEngine.DEFAULT_HOST));
    }
}
