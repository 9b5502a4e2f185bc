package io.qscale.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.manager.scaler.ScalerException;
import io.qscale.manager.scaler.ScalerInstance;
import io.qscale.manager.scaler.Scalers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes scaler against fabric8's mock API server in CRUD mode, with the ReplicaSet and
 * the kubelet simulated ({@link SimulatedCluster}); containers are no-ops here (the story test
 * runs real workers).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesScalerTest {

    private static final String NS = "jobs";
    private static final String DEPLOYMENT = "qscale-worker";

    KubernetesMockServer server;
    KubernetesClient client;

    private SimulatedCluster cluster;
    private KubernetesScaler scaler;

    @BeforeEach
    void setUp() {
        cluster = new SimulatedCluster(client, NS, DEPLOYMENT, Duration.ZERO, pod -> () -> { });
        scaler = scaler(Duration.ofSeconds(30), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        scaler.close();
    }

    private KubernetesScaler scaler(Duration settle, Clock clock) {
        return new KubernetesScaler(client, false, NS, DEPLOYMENT, settle, clock);
    }

    private List<String> names(List<ScalerInstance> instances) {
        return instances.stream().map(ScalerInstance::workerId).sorted().toList();
    }

    private Pod pod(String name) {
        return client.pods().inNamespace(NS).withName(name).get();
    }

    @Test
    void scaleUpRaisesReplicasThroughTheScaleSubresourceAndCountsPendingPodsAsStarting() throws Exception {
        cluster.createDeployment(2);
        cluster.reconcile();

        scaler.start(3);
        cluster.startPods(false); // images still pulling
        cluster.reconcile();

        assertThat(scaler.replicas()).isEqualTo(5);
        assertThat(cluster.livePods()).extracting(p -> p.getStatus().getPhase())
                .containsExactlyInAnyOrder("Running", "Running", "Pending", "Pending", "Pending");
        assertThat(scaler.instances()).as("pending pods count: no second scale-up while they start").hasSize(5);
    }

    @Test
    void terminatingAndFinishedPodsDoNotCount() throws Exception {
        cluster.createDeployment(3);
        cluster.reconcile();
        List<Pod> pods = cluster.livePods();
        client.pods().inNamespace(NS).withName(pods.get(0).getMetadata().getName()).editStatus(
                p -> new PodBuilder(p).editStatus().withPhase("Failed").endStatus().build());
        // A finalizer keeps a deleted pod, terminating, as the kubelet does while the container stops.
        String terminating = pods.get(1).getMetadata().getName();
        client.pods().inNamespace(NS).withName(terminating).edit(
                p -> new PodBuilder(p).editMetadata().addToFinalizers("test/hold").endMetadata().build());
        client.pods().inNamespace(NS).withName(terminating).delete();
        assertThat(pod(terminating).getMetadata().getDeletionTimestamp()).isNotNull();

        assertThat(names(scaler.instances())).containsExactly(pods.get(2).getMetadata().getName());
    }

    @Test
    void scaleDownMarksExactlyTheDrainedPodsAndTheReplicaSetRemovesExactlyThose() throws Exception {
        cluster.createDeployment(5);
        cluster.reconcile();
        List<String> all = names(scaler.instances());
        // The oldest two: the ReplicaSet's own order (newest first) would never pick them.
        List<String> drained = List.of(all.get(0), all.get(1));

        scaler.stop(drained);

        for (String name : all) {
            Map<String, String> annotations = pod(name).getMetadata().getAnnotations();
            if (drained.contains(name)) {
                assertThat(annotations).containsEntry(KubernetesScaler.DELETION_COST, String.valueOf(Integer.MIN_VALUE))
                        .containsKey(KubernetesScaler.DRAINED_AT);
            } else {
                assertThat(annotations == null ? Map.<String, String>of() : annotations).as(name)
                        .doesNotContainKeys(KubernetesScaler.DELETION_COST, KubernetesScaler.DRAINED_AT);
            }
        }
        assertThat(scaler.replicas()).isEqualTo(3);
        assertThat(names(scaler.instances())).as("marked pods are leaving: not counted").hasSize(3).doesNotContainAnyElementsOf(drained);

        cluster.reconcile();

        assertThat(cluster.removals()).extracting(SimulatedCluster.Removal::pod).containsExactlyInAnyOrderElementsOf(drained);
        assertThat(cluster.livePods()).extracting(p -> p.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(all.subList(2, 5));
    }

    @Test
    void stoppingAPodTwiceLowersReplicasOnce() throws Exception {
        cluster.createDeployment(3);
        cluster.reconcile();
        String victim = names(scaler.instances()).get(0);

        scaler.stop(List.of(victim));
        scaler.stop(List.of(victim, "qscale-worker-gone"));

        assertThat(scaler.replicas()).isEqualTo(2);
    }

    @Test
    void aMarkedPodTheReplicaSetPassedOverIsDeletedAfterTheSettleTime() throws Exception {
        cluster.createDeployment(3);
        cluster.reconcile();
        String drained = names(scaler.instances()).get(0);
        scaler.start(1);
        cluster.startPods(false);
        cluster.reconcile(); // a fourth pod, still pending
        scaler.stop(List.of(drained));
        cluster.reconcile(); // the ReplicaSet takes the pending pod first, whatever the cost

        assertThat(cluster.removals()).singleElement().satisfies(r -> assertThat(r.phase()).isEqualTo("Pending"));
        assertThat(pod(drained)).as("passed over").isNotNull();

        KubernetesScaler later = scaler(Duration.ofSeconds(30), Clock.offset(Clock.systemUTC(), Duration.ofSeconds(31)));
        List<ScalerInstance> counted = later.instances();

        assertThat(pod(drained)).as("deleted by name after the settle time").isNull();
        assertThat(names(counted)).doesNotContain(drained).hasSize(2);
        cluster.reconcile();
        assertThat(cluster.livePods()).as("the ReplicaSet replaces it: back to the 3 replicas asked for").hasSize(3);
    }

    @Test
    void aMarkedPodWithinTheSettleTimeIsLeftToTheReplicaSet() throws Exception {
        cluster.createDeployment(2);
        cluster.reconcile();
        String drained = names(scaler.instances()).get(0);
        client.pods().inNamespace(NS).withName(drained).edit(p -> new PodBuilder(p).editMetadata()
                .addToAnnotations(KubernetesScaler.DRAINED_AT, Instant.now().toString()).endMetadata().build());

        scaler(Duration.ofSeconds(30), Clock.fixed(Instant.now().plusSeconds(29), ZoneOffset.UTC)).instances();

        assertThat(pod(drained)).isNotNull();
    }

    @Test
    void aMissingDeploymentIsAOneLineCauseThatSaysWhatToSet() {
        assertThatThrownBy(scaler::instances).isInstanceOf(ScalerException.class)
                .hasMessage("deployment qscale-worker not found in namespace jobs (apply deploy/kubernetes/base, or set"
                        + " scaler.deployment and scaler.namespace)");
        assertThatThrownBy(() -> scaler.start(1)).isInstanceOf(ScalerException.class).hasMessageContaining("not found");
    }

    @Test
    void aForbiddenScaleIsARbacCauseAndChangesNothing() throws Exception {
        cluster.createDeployment(2);
        cluster.reconcile();
        server.expect().put().withPath("/apis/apps/v1/namespaces/jobs/deployments/qscale-worker/scale")
                .andReturn(403, new StatusBuilder().withCode(403).withReason("Forbidden").withMessage(
                        "deployments.apps \"qscale-worker\" is forbidden: User \"system:serviceaccount:jobs:qscale-manager\""
                                + " cannot update resource \"deployments/scale\"").build()).once();

        assertThatThrownBy(() -> scaler.start(1)).isInstanceOf(ScalerException.class)
                .hasMessage("scaling deployment qscale-worker from 2 to 3: forbidden (403): the service account may not do"
                        + " this in namespace jobs; apply deploy/kubernetes/base/rbac.yaml (docs/operations.md, RBAC)");
        assertThat(scaler.replicas()).isEqualTo(2);
    }

    @Test
    void aConflictOnLoweringTakesTheMarksBackSoTheNextTickCanRetry() throws Exception {
        cluster.createDeployment(3);
        cluster.reconcile();
        String victim = names(scaler.instances()).get(0);
        server.expect().put().withPath("/apis/apps/v1/namespaces/jobs/deployments/qscale-worker/scale")
                .andReturn(409, new StatusBuilder().withCode(409).withReason("Conflict")
                        .withMessage("the object has been modified").build()).once();

        assertThatThrownBy(() -> scaler.stop(List.of(victim))).isInstanceOf(ScalerException.class)
                .hasMessage("scaling deployment qscale-worker from 3 to 2: conflict (409): changed by someone else"
                        + " meanwhile; retried on the next tick");
        assertThat(pod(victim).getMetadata().getAnnotations()).as("unmarked: the ReplicaSet must not prefer it yet")
                .doesNotContainKeys(KubernetesScaler.DELETION_COST, KubernetesScaler.DRAINED_AT);
        assertThat(scaler.replicas()).isEqualTo(3);

        scaler.stop(List.of(victim));

        assertThat(scaler.replicas()).isEqualTo(2);
        cluster.reconcile();
        assertThat(cluster.removals()).extracting(SimulatedCluster.Removal::pod).containsExactly(victim);
    }

    @Test
    void replicasChangedByHandBetweenReadAndWriteIsAConflictNotAnOverwrite() throws Exception {
        cluster.createDeployment(3);
        cluster.reconcile();
        var seen = client.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).scale();
        client.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).scale(7); // kubectl scale, meanwhile
        // The scaler's first read still sees 3, as if the hand-made change landed just after it.
        server.expect().get().withPath("/apis/apps/v1/namespaces/jobs/deployments/qscale-worker/scale")
                .andReturn(200, seen).once();

        assertThatThrownBy(() -> scaler.start(1)).isInstanceOf(ScalerException.class)
                .hasMessageContaining("conflict (409)");
        assertThat(scaler.replicas()).as("the hand-made change stands").isEqualTo(7);
    }

    @Test
    void anUnreachableApiServerIsAOneLineCause() {
        KubernetesClient nowhere = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:1").withRequestRetryBackoffLimit(0).withConnectionTimeout(2_000).build()).build();
        try (KubernetesScaler lost = new KubernetesScaler(nowhere, true, NS, DEPLOYMENT, Duration.ofSeconds(30), Clock.systemUTC())) {
            assertThatThrownBy(lost::instances).isInstanceOf(ScalerException.class)
                    .hasMessageStartingWith("reading deployment qscale-worker: the API server")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void theProviderIsFoundByNameAndReadsItsSettings() {
        assertThat(Scalers.names()).contains("kubernetes");
        ScalerContext context = new ScalerContext("jobs", RedisEndpoint.parse("test", "redis://127.0.0.1:6379"),
                Map.of("namespace", "batch", "deployment", "thumbs", "master", client.getConfiguration().getMasterUrl()));
        try (KubernetesScaler made = (KubernetesScaler) Scalers.provider("kubernetes").create(context)) {
            assertThat(made.name()).isEqualTo("kubernetes");
            assertThat(made.namespace()).isEqualTo("batch");
            assertThat(made.deployment()).isEqualTo("thumbs");
            assertThat(made.clientConfig().getMasterUrl()).startsWith(client.getConfiguration().getMasterUrl());
            assertThat(made.clientConfig().getRequestRetryBackoffLimit()).as("the manager backs off, not the client").isZero();
            assertThat(made.clientConfig().getConnectionTimeout()).isEqualTo(5_000);
            assertThat(made.clientConfig().getRequestTimeout()).isEqualTo(10_000);
        } catch (ScalerException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aBadSettleTimeNamesTheFieldAndTheValue() {
        ScalerContext context = new ScalerContext("jobs", RedisEndpoint.parse("test", "redis://127.0.0.1:6379"),
                Map.of("settle", "soon"));
        assertThatThrownBy(() -> KubernetesScaler.using(client, context)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scaler.settle must be a duration such as 500ms, 30s, 5m or 1h, but was 'soon'");
    }
}
