package io.qscale.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Each API failure reads as one line that says what was being done and what to check. */
class ApiFailureTest {

    private static KubernetesClientException status(int code, String message) {
        return new KubernetesClientException(new StatusBuilder().withCode(code).withMessage(message).build());
    }

    private static String describe(KubernetesClientException e) {
        return ApiFailure.describe("scaling deployment w from 2 to 3", "jobs", e);
    }

    @Test
    void eachStatusCodeSaysWhatToCheck() {
        assertThat(describe(status(401, "Unauthorized"))).isEqualTo(
                "scaling deployment w from 2 to 3: unauthorized (401): the service account token was refused");
        assertThat(describe(status(403, "forbidden"))).isEqualTo("scaling deployment w from 2 to 3: forbidden (403): the"
                + " service account may not do this in namespace jobs; apply deploy/kubernetes/base/rbac.yaml (docs/operations.md, RBAC)");
        assertThat(describe(status(404, "not found"))).isEqualTo("scaling deployment w from 2 to 3: not found (404) in namespace jobs");
        assertThat(describe(status(409, "modified"))).isEqualTo(
                "scaling deployment w from 2 to 3: conflict (409): changed by someone else meanwhile; retried on the next tick");
        assertThat(describe(status(422, "spec.replicas: Invalid value: -1"))).isEqualTo(
                "scaling deployment w from 2 to 3: rejected (422): spec.replicas: Invalid value: -1");
        assertThat(describe(status(429, "slow down"))).isEqualTo("scaling deployment w from 2 to 3: throttled (429) by the API server");
        assertThat(describe(status(500, "etcd\nleader changed"))).isEqualTo(
                "scaling deployment w from 2 to 3: API error 500: etcd leader changed");
    }

    @Test
    void noAnswerSaysWhetherTheServerWasUnreachableOrSlow() {
        assertThat(describe(new KubernetesClientException("failed", new HttpTimeoutException("request timed out"))))
                .isEqualTo("scaling deployment w from 2 to 3: the API server did not answer in time");
        assertThat(describe(new KubernetesClientException("failed", new RuntimeException(new TimeoutException()))))
                .isEqualTo("scaling deployment w from 2 to 3: the API server did not answer in time");
        assertThat(describe(new KubernetesClientException("failed", new ConnectException("refused"))))
                .isEqualTo("scaling deployment w from 2 to 3: the API server is unreachable (ConnectException)");
    }
}
