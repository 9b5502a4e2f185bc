package io.qscale.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * Turns a Kubernetes API failure into the one line a decision record shows: what was being
 * done, what the API said, and what to check. Stateless and thread-safe.
 */
final class ApiFailure {

    private ApiFailure() {
    }

    static String describe(String what, String namespace, KubernetesClientException e) {
        String cause = e.getCode() <= 0 ? unreachable(e) : switch (e.getCode()) {
            case 401 -> "unauthorized (401): the service account token was refused";
            case 403 -> "forbidden (403): the service account may not do this in namespace " + namespace
                    + "; apply deploy/kubernetes/base/rbac.yaml (docs/operations.md, RBAC)";
            case 404 -> "not found (404) in namespace " + namespace;
            case 409 -> "conflict (409): changed by someone else meanwhile; retried on the next tick";
            case 422 -> "rejected (422): " + status(e);
            case 429 -> "throttled (429) by the API server";
            default -> "API error " + e.getCode() + ": " + status(e);
        };
        return oneLine(what + ": " + cause);
    }

    private static String unreachable(KubernetesClientException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof InterruptedIOException || t instanceof HttpTimeoutException) {
                return "the API server did not answer in time";
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return "the API server is unreachable (" + t.getClass().getSimpleName() + ")";
            }
        }
        return "the API server could not be reached: " + (e.getCause() == null ? status(e) : e.getCause().toString());
    }

    private static String status(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }
}
