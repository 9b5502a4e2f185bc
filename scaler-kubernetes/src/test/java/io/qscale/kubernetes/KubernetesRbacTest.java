package io.qscale.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.qscale.manager.scaler.ScalerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Least privilege: drives the scaler through every path it has (count, scale up, drain-first
 * stop, a conflict that takes marks back, a passed-over pod deleted by name), records each request
 * it sent to the mock API server as an RBAC (resource, verb), and compares that set with the Role
 * in deploy/kubernetes/base/rbac.yaml: every verb used is granted, and nothing more.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesRbacTest {

    static final Path RBAC = Path.of("..", "deploy", "kubernetes", "base", "rbac.yaml");
    private static final Pattern PATH = Pattern.compile(
            "^/(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/[^/]+/([^/?]+)(?:/([^/?]+)(?:/([^/?]+))?)?(\\?.*)?$");

    KubernetesMockServer server;
    KubernetesClient client;

    /** The RBAC "resource verb" a request needs, e.g. {@code apps/deployments/scale update}. */
    static String verbOf(String method, String path) {
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            throw new AssertionError("not a namespaced API path: " + path);
        }
        String group = m.group(1) == null ? "" : m.group(1);
        String resource = group + "/" + m.group(2) + (m.group(4) == null ? "" : "/" + m.group(4));
        boolean named = m.group(3) != null;
        String query = m.group(5) == null ? "" : m.group(5);
        String verb = switch (method) {
            case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new AssertionError("unexpected method " + method);
        };
        return resource + " " + verb;
    }

    private static Role role() throws Exception {
        List<HasMetadata> documents = new KubernetesSerialization().unmarshal(Files.newInputStream(RBAC));
        return documents.stream().filter(Role.class::isInstance).map(Role.class::cast).findFirst().orElseThrow();
    }

    static Set<String> granted(Role role) {
        Set<String> verbs = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        verbs.add(group + "/" + resource + " " + verb);
                    }
                }
            }
        }
        return verbs;
    }

    @Test
    void everyVerbTheScalerUsesIsGrantedByTheRoleAndNoMore() throws Exception {
        SimulatedCluster cluster = new SimulatedCluster(client, "jobs", "qscale-worker", Duration.ZERO, pod -> () -> { });
        cluster.createDeployment(3);
        cluster.reconcile();
        int setup = server.getRequestCount();
        KubernetesScaler scaler = new KubernetesScaler(client, false, "jobs", "qscale-worker", Duration.ofSeconds(30),
                Clock.systemUTC());

        // Count, scale up, drain-first scale-down.
        List<String> pods = scaler.instances().stream().map(i -> i.workerId()).sorted().toList();
        scaler.start(1);
        scaler.stop(List.of(pods.get(0)));
        // A conflict takes the mark back.
        server.expect().put().withPath("/apis/apps/v1/namespaces/jobs/deployments/qscale-worker/scale")
                .andReturn(409, new StatusBuilder().withCode(409).withMessage("modified").build()).once();
        assertThatThrownBy(() -> scaler.stop(List.of(pods.get(1)))).isInstanceOf(ScalerException.class);
        // A marked pod the ReplicaSet passed over is deleted by name after the settle time.
        new KubernetesScaler(client, false, "jobs", "qscale-worker", Duration.ofSeconds(30),
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1))).instances();

        Set<String> used = new TreeSet<>();
        int index = 0;
        RecordedRequest request;
        while ((request = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
            if (index++ >= setup) {
                used.add(verbOf(request.getMethod(), request.getPath()));
            }
        }

        assertThat(used).as("the scaler's own requests").contains("/pods delete", "/pods patch", "apps/deployments/scale update");
        assertThat(granted(role())).as(RBAC.toString()).containsExactlyInAnyOrderElementsOf(used);
    }

    @Test
    void theRoleIsBoundToTheManagersServiceAccount() throws Exception {
        List<HasMetadata> documents = new KubernetesSerialization().unmarshal(Files.newInputStream(RBAC));
        RoleBinding binding = documents.stream().filter(RoleBinding.class::isInstance).map(RoleBinding.class::cast)
                .findFirst().orElseThrow();

        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getRoleRef().getName()).isEqualTo(role().getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
            assertThat(subject.getKind()).isEqualTo("ServiceAccount");
            assertThat(subject.getName()).isEqualTo("qscale-manager");
        });
    }

    @Test
    void verbsAreReadFromRequestsAsTheApiServerAuthorizesThem() {
        assertThat(verbOf("GET", "/api/v1/namespaces/jobs/pods?labelSelector=app%3Dw")).isEqualTo("/pods list");
        assertThat(verbOf("GET", "/api/v1/namespaces/jobs/pods?watch=true")).isEqualTo("/pods watch");
        assertThat(verbOf("GET", "/api/v1/namespaces/jobs/pods/w-1")).isEqualTo("/pods get");
        assertThat(verbOf("PATCH", "/api/v1/namespaces/jobs/pods/w-1")).isEqualTo("/pods patch");
        assertThat(verbOf("GET", "/apis/apps/v1/namespaces/jobs/deployments/w/scale")).isEqualTo("apps/deployments/scale get");
        assertThat(verbOf("PUT", "/apis/apps/v1/namespaces/jobs/deployments/w/scale")).isEqualTo("apps/deployments/scale update");
        assertThat(verbOf("DELETE", "/api/v1/namespaces/jobs/pods")).isEqualTo("/pods deletecollection");
    }
}
