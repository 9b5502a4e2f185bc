package io.qscale.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.qscale.manager.scaler.ScalerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Kubernetes API calls for one namespace: a failure becomes a {@link ScalerException} whose
 * message is the one line {@link ApiFailure} makes; the client's own message (URL, status dump)
 * goes to the debug log. Immutable and thread-safe.
 */
final class ApiCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ApiCalls.class);

    /** One call to the API server. */
    interface ApiCall<T> {
        T run();
    }

    private final String namespace;

    ApiCalls(String namespace) {
        this.namespace = namespace;
    }

    <T> T run(String what, ApiCall<T> action) throws ScalerException {
        try {
            return action.run();
        } catch (KubernetesClientException e) {
            LOG.debug("{} failed", what, e);
            throw new ScalerException(ApiFailure.describe(what, namespace, e));
        }
    }
}
