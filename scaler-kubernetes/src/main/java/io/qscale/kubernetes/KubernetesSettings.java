package io.qscale.kubernetes;

import io.qscale.manager.scaler.ScalerContext;
import io.qscale.manager.scaler.ScalerSettings;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The kubernetes scaler's settings, read and checked once when it is made (before it talks to
 * the API server). Immutable.
 *
 * @param deployment the worker Deployment
 * @param namespace its namespace; empty: the client's own (in a pod, the pod's)
 * @param settle how long a drained pod the ReplicaSet passed over may stay before it is deleted by name
 * @param master the API server's URL; empty: the client's usual configuration
 */
public record KubernetesSettings(String deployment, Optional<String> namespace, Duration settle, Optional<String> master) {

    /** Every setting's name, in the order docs/operations.md lists them. */
    public static final List<String> KNOWN = List.of("deployment", "namespace", "settle", "master");

    /** Reads {@code context}'s settings; a bad or unknown one fails naming it. */
    public static KubernetesSettings from(ScalerContext context) {
        ScalerSettings settings = ScalerSettings.of("kubernetes", context, KNOWN);
        return new KubernetesSettings(settings.text("deployment", KubernetesScaler.DEFAULT_DEPLOYMENT),
                Optional.ofNullable(settings.text("namespace", null)), settings.duration("settle", KubernetesScaler.DEFAULT_SETTLE),
                Optional.ofNullable(settings.text("master", null)));
    }
}
