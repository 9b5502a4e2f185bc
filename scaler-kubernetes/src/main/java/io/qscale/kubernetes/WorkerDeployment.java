package io.qscale.kubernetes;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.qscale.manager.scaler.ScalerException;
import java.util.List;

/**
 * The worker Deployment as the scaler sees it: its pods (by its own selector) and its
 * {@code replicas}, read and written through the {@code scale} subresource, each change one
 * read and one compare-and-set write on the scale's resourceVersion. Thread-safe as the client is.
 */
final class WorkerDeployment {

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final ApiCalls api;

    WorkerDeployment(KubernetesClient client, String namespace, String name, ApiCalls api) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.api = api;
    }

    String name() {
        return name;
    }

    /** {@code spec.replicas}, through the scale subresource. */
    int replicas() throws ScalerException {
        return replicasOf(scale());
    }

    /**
     * Moves {@code replicas} by {@code delta} (never below 0) with one read and one write; the
     * write carries the resourceVersion read, so a concurrent change (a {@code kubectl scale})
     * is a 409, retried on the next tick, never overwritten. Returns the count before.
     */
    int changeReplicas(int delta) throws ScalerException {
        Scale scale = scale();
        int before = replicasOf(scale);
        int after = Math.max(0, before + delta);
        scale.getSpec().setReplicas(after);
        api.run("scaling deployment " + name + " from " + before + " to " + after,
                () -> client.apps().deployments().inNamespace(namespace).withName(name).scale(scale));
        return before;
    }

    private Scale scale() throws ScalerException {
        Scale scale = api.run("reading the scale of deployment " + name,
                () -> client.apps().deployments().inNamespace(namespace).withName(name).scale());
        if (scale == null || scale.getSpec() == null) {
            throw notFound();
        }
        return scale;
    }

    /** Every pod the Deployment's selector matches, whatever its phase. */
    List<Pod> pods() throws ScalerException {
        Deployment found = api.run("reading deployment " + name,
                () -> client.apps().deployments().inNamespace(namespace).withName(name).get());
        if (found == null) {
            throw notFound();
        }
        LabelSelector selector = found.getSpec().getSelector();
        return api.run("listing the pods of deployment " + name,
                () -> client.pods().inNamespace(namespace).withLabelSelector(selector).list().getItems());
    }

    private static int replicasOf(Scale scale) {
        return scale.getSpec().getReplicas() == null ? 0 : scale.getSpec().getReplicas();
    }

    private ScalerException notFound() {
        return new ScalerException("deployment " + name + " not found in namespace " + namespace
                + " (apply deploy/kubernetes/base, or set scaler.deployment and scaler.namespace)");
    }
}
