package io.qscale.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What the fabric8 mock server does not run: a ReplicaSet controller and a kubelet for one
 * Deployment, driven by {@link #reconcile()}. The ReplicaSet part creates pods (Pending) up to
 * {@code replicas} and, above it, deletes pods in the controller's order (pending before running,
 * not ready before ready, lower {@code pod-deletion-cost} first, newer first). The kubelet part
 * makes a pending pod Running and Ready after {@code startup} and starts its container (a
 * {@link Container} made by the test, with the pod name as worker id); deleting a pod sends the
 * container SIGTERM ({@link Container#terminate()}) and the pod goes once it has exited. Every
 * removal is kept, with the pod's annotations at that moment. Not thread-safe: one driver thread.
 */
final class SimulatedCluster {

    /** A pod's container: a worker started for the pod and stopped as on SIGTERM. */
    interface Container {
        /** SIGTERM: returns once the container has exited. */
        void terminate();
    }

    /** A pod the ReplicaSet removed, as it was when removed. */
    record Removal(String pod, Map<String, String> annotations, String phase, boolean ready) {
        boolean markedDrained() {
            return annotations.containsKey(KubernetesScaler.DRAINED_AT);
        }
    }

    static final String APP = "qscale-worker";

    private final KubernetesClient client;
    private final String namespace;
    private final String deployment;
    private final Duration startup;
    private final Clock clock;
    private final Function<String, Container> containers;
    private final Map<String, Container> running = new ConcurrentHashMap<>();
    private final Map<String, Instant> pendingSince = new ConcurrentHashMap<>();
    private final List<Removal> removals = new CopyOnWriteArrayList<>();
    private final AtomicInteger names = new AtomicInteger();
    private boolean startPods = true;

    SimulatedCluster(KubernetesClient client, String namespace, String deployment, Duration startup,
            Function<String, Container> containers) {
        this.client = client;
        this.namespace = namespace;
        this.deployment = deployment;
        this.startup = startup;
        this.clock = Clock.systemUTC();
        this.containers = containers;
    }

    /** Creates the Deployment (as deploy/kubernetes/worker-deployment.yaml selects its pods). */
    void createDeployment(int replicas) {
        Deployment d = new DeploymentBuilder().withNewMetadata().withName(deployment).withNamespace(namespace).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", APP).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", APP).endMetadata()
                .withNewSpec().addNewContainer().withName("worker").withImage("qscale-worker:test").endContainer().endSpec()
                .endTemplate().endSpec().build();
        client.apps().deployments().inNamespace(namespace).resource(d).create();
    }

    /** While false, pods stay Pending (images still pulling). */
    void startPods(boolean value) {
        this.startPods = value;
    }

    /** One pass of the ReplicaSet controller and the kubelet. */
    void reconcile() {
        int replicas = Optional.ofNullable(client.apps().deployments().inNamespace(namespace).withName(deployment).get())
                .map(d -> d.getSpec().getReplicas()).orElse(0);
        List<Pod> pods = livePods();
        for (int i = pods.size(); i < replicas; i++) {
            String name = deployment + "-" + String.format("%05d", names.incrementAndGet());
            client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(name)
                    .withNamespace(namespace).addToLabels("app", APP).withCreationTimestamp(clock.instant().toString())
                    .endMetadata().withNewSpec().addNewContainer().withName("worker").withImage("qscale-worker:test")
                    .endContainer().endSpec().withNewStatus().withPhase("Pending").endStatus().build()).create();
            pendingSince.put(name, clock.instant());
        }
        if (pods.size() > replicas) {
            pods.stream().sorted(DELETION_ORDER).limit(pods.size() - replicas).forEach(this::remove);
        }
        if (startPods) {
            for (Pod pod : livePods()) {
                String name = pod.getMetadata().getName();
                Instant since = pendingSince.get(name);
                if ("Pending".equals(pod.getStatus().getPhase()) && since != null
                        && !clock.instant().isBefore(since.plus(startup))) {
                    run(name);
                }
            }
        }
    }

    /** The controller's order of scale-down victims (kubernetes/pkg/controller ActivePodsWithRanks, in part). */
    private static final Comparator<Pod> DELETION_ORDER = Comparator
            .comparingInt((Pod pod) -> "Pending".equals(pod.getStatus().getPhase()) ? 0 : 1)
            .thenComparingInt(pod -> ready(pod) ? 1 : 0)
            .thenComparingInt(SimulatedCluster::deletionCost)
            .thenComparing((Pod pod) -> pod.getMetadata().getCreationTimestamp(), Comparator.reverseOrder());

    private static int deletionCost(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        String cost = annotations == null ? null : annotations.get(KubernetesScaler.DELETION_COST);
        return cost == null ? 0 : Integer.parseInt(cost);
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private void run(String name) {
        client.pods().inNamespace(namespace).withName(name).editStatus(p -> new PodBuilder(p).editStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build());
        pendingSince.remove(name);
        running.put(name, containers.apply(name));
    }

    /** Deletes a pod as the ReplicaSet would: SIGTERM to its container, then the pod object goes. */
    void remove(Pod pod) {
        String name = pod.getMetadata().getName();
        removals.add(new Removal(name, pod.getMetadata().getAnnotations() == null ? Map.of()
                : Map.copyOf(pod.getMetadata().getAnnotations()), pod.getStatus().getPhase(), ready(pod)));
        pendingSince.remove(name);
        Container container = running.remove(name);
        if (container != null) {
            container.terminate();
        }
        client.pods().inNamespace(namespace).withName(name).delete();
    }

    /** Deletes pods whose object went (the scaler deleted one by name): their containers get SIGTERM. */
    void collectDeleted() {
        List<String> present = livePods().stream().map(p -> p.getMetadata().getName()).toList();
        for (String name : new ArrayList<>(running.keySet())) {
            if (!present.contains(name)) {
                running.remove(name).terminate();
            }
        }
    }

    List<Pod> livePods() {
        return client.pods().inNamespace(namespace).withLabel("app", APP).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    List<Removal> removals() {
        return List.copyOf(removals);
    }

    /** Stops every container (end of test). */
    void shutdown() {
        running.values().forEach(Container::terminate);
        running.clear();
    }
}
