package io.qscale.kubernetes;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.qscale.core.json.Json;
import io.qscale.manager.scaler.ScalerException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The mark on a drained pod that is to go: the lowest {@value KubernetesScaler#DELETION_COST}, so
 * the ReplicaSet removes it first, and {@value KubernetesScaler#DRAINED_AT} with the time, so a
 * pod the ReplicaSet passed over can be found and deleted by name. Thread-safe as the client is.
 */
final class PodMarks {

    /** The cost of a drained pod: below every other pod's default of 0. */
    static final int DRAINED_COST = Integer.MIN_VALUE;

    private final KubernetesClient client;
    private final String namespace;
    private final ApiCalls api;

    PodMarks(KubernetesClient client, String namespace, ApiCalls api) {
        this.client = client;
        this.namespace = namespace;
        this.api = api;
    }

    /** Sets the mark with a JSON merge patch. */
    void mark(String pod, Instant at) throws ScalerException {
        ObjectNode patch = Json.mapper().createObjectNode();
        patch.putObject("metadata").putObject("annotations")
                .put(KubernetesScaler.DELETION_COST, String.valueOf(DRAINED_COST))
                .put(KubernetesScaler.DRAINED_AT, at.toString());
        api.run("marking pod " + pod, () -> client.pods().inNamespace(namespace).withName(pod)
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString()));
    }

    /** Takes the mark back with a JSON patch (RFC 6902 remove: the mark was just set, so both are there). */
    void unmark(String pod) throws ScalerException {
        ArrayNode patch = Json.mapper().createArrayNode();
        for (String key : List.of(KubernetesScaler.DELETION_COST, KubernetesScaler.DRAINED_AT)) {
            patch.addObject().put("op", "remove").put("path", "/metadata/annotations/" + key.replace("~", "~0").replace("/", "~1"));
        }
        api.run("unmarking pod " + pod, () -> client.pods().inNamespace(namespace).withName(pod)
                .patch(PatchContext.of(PatchType.JSON), patch.toString()));
    }

    /** Deletes a marked pod by name (the ReplicaSet passed it over); the ReplicaSet replaces it. */
    void delete(String pod) throws ScalerException {
        api.run("deleting pod " + pod, () -> client.pods().inNamespace(namespace).withName(pod).delete());
    }

    /** When the pod was marked drained, or null when it is not. */
    static Instant drainedAt(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String at = annotations == null ? null : annotations.get(KubernetesScaler.DRAINED_AT);
        if (at == null) {
            return null;
        }
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH; // marked by hand or damaged: treat as long settled
        }
    }

    /** Terminating, or finished: not a worker any more. */
    static boolean leaving(Pod pod) {
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        return pod.getMetadata().getDeletionTimestamp() != null || "Succeeded".equals(phase) || "Failed".equals(phase);
    }
}
