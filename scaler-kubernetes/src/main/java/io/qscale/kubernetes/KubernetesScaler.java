package io.qscale.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.qscale.manager.scaler.Scaler;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.manager.scaler.ScalerException;
import io.qscale.manager.scaler.ScalerInstance;
import io.qscale.manager.scaler.ScalerProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers as the pods of a Kubernetes Deployment, scaled through its {@code scale} subresource.
 * Each pod's worker id is its name (the Deployment passes {@code metadata.name} as
 * {@code QSCALE_WORKER_ID} through the downward API), so heartbeats match pods.
 *
 * <p>Scale-down is drain-first. The manager drains a worker; the worker (run with
 * {@code --after-drain wait}) finishes its task, deregisters and stays idle. Only then does
 * {@link #stop} mark that pod: {@code controller.kubernetes.io/pod-deletion-cost} at its lowest,
 * so the ReplicaSet removes exactly it when {@code replicas} is lowered by one, and
 * {@value #DRAINED_AT} with the time. A pod whose worker holds a task is never marked. Should the
 * ReplicaSet still pick another pod (it removes pending and not-ready pods before it looks at the
 * cost), a marked pod that is still there after {@code settle} is deleted by name; the ReplicaSet
 * then replaces it, which leaves the count the manager asked for.
 *
 * <p>Counting: every pod of the Deployment's selector that is not terminating, not finished and
 * not marked counts, Pending ones included, so pulling images never causes a second scale-up.
 * API failures (403, 404, 409, timeouts) become a {@link ScalerException} with a one-line cause.
 * Not thread-safe; the manager calls it from one thread.
 *
 * <p>Settings: {@code deployment} (default {@code qscale-worker}), {@code namespace} (default:
 * the client's: in a pod, its own), {@code settle} (default 30 s), and {@code master} (the API
 * server URL; default: in-cluster or {@code ~/.kube/config}).
 */
public final class KubernetesScaler implements Scaler {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesScaler.class);

    /** The annotation the ReplicaSet controller orders scale-down victims by (Kubernetes 1.22+). */
    public static final String DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";
    /** qscale's mark on a drained pod that is to go: when it was marked (ISO-8601). */
    public static final String DRAINED_AT = "qscale.io/drained-at";
    public static final String DEFAULT_DEPLOYMENT = "qscale-worker";
    public static final Duration DEFAULT_SETTLE = Duration.ofSeconds(30);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final boolean ownsClient;
    private final String namespace;
    private final WorkerDeployment deployment;
    private final PodMarks marks;
    private final Duration settle;
    private final Clock clock;

    KubernetesScaler(KubernetesClient client, boolean ownsClient, String namespace, String deployment, Duration settle,
            Clock clock) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.namespace = namespace;
        ApiCalls api = new ApiCalls(namespace);
        this.deployment = new WorkerDeployment(client, namespace, deployment, api);
        this.marks = new PodMarks(client, namespace, api);
        this.settle = settle;
        this.clock = clock;
    }

    /** The scaler of {@code scaler.type: kubernetes}, with a client configured the usual way. */
    public static KubernetesScaler create(ScalerContext context) {
        KubernetesSettings settings = KubernetesSettings.from(context);
        // The manager retries with its own backoff and must not sit in one call for long: no
        // client-side retries, and short timeouts.
        ConfigBuilder config = new ConfigBuilder(Config.autoConfigure(null)).withRequestRetryBackoffLimit(0)
                .withConnectionTimeout((int) CONNECT_TIMEOUT.toMillis()).withRequestTimeout((int) REQUEST_TIMEOUT.toMillis());
        settings.master().ifPresent(config::withMasterUrl);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config.build()).build();
        return create(client, true, settings);
    }

    /** A scaler on a client the caller owns (tests, embedders); {@link #close()} leaves it open. */
    public static KubernetesScaler using(KubernetesClient client, ScalerContext context) {
        return create(client, false, KubernetesSettings.from(context));
    }

    private static KubernetesScaler create(KubernetesClient client, boolean owns, KubernetesSettings settings) {
        String namespace = settings.namespace().orElse(client.getNamespace() == null ? "default" : client.getNamespace());
        return new KubernetesScaler(client, owns, namespace, settings.deployment(), settings.settle(), Clock.systemUTC());
    }

    @Override
    public String name() {
        return "kubernetes";
    }

    /** The Deployment's pods that count: running or starting, not leaving. Removes marked pods left behind. */
    @Override
    public List<ScalerInstance> instances() throws ScalerException {
        List<ScalerInstance> live = new ArrayList<>();
        Instant now = clock.instant();
        for (Pod pod : deployment.pods()) {
            if (PodMarks.leaving(pod)) {
                continue;
            }
            Instant markedAt = PodMarks.drainedAt(pod);
            if (markedAt != null) {
                if (now.isAfter(markedAt.plus(settle))) {
                    // The ReplicaSet removed another pod (a pending one ranks first); this one must still go.
                    LOG.info("pod {} was drained {} s ago and is still there; deleting it", name(pod),
                            Duration.between(markedAt, now).toSeconds());
                    marks.delete(name(pod));
                }
                continue;
            }
            live.add(new ScalerInstance(name(pod), pod.getMetadata().getUid() == null ? name(pod) : pod.getMetadata().getUid(),
                    created(pod)));
        }
        return live;
    }

    /** Raises {@code replicas} by {@code count}; the ReplicaSet names the pods, the next tick lists them. */
    @Override
    public List<ScalerInstance> start(int count) throws ScalerException {
        int before = deployment.changeReplicas(count);
        List<ScalerInstance> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(new ScalerInstance(deployment.name() + "-new-" + (before + i + 1), "", clock.instant()));
        }
        return started;
    }

    /**
     * Marks exactly these pods (lowest deletion cost, drained-at) and lowers {@code replicas} by as
     * many as were marked now, so the ReplicaSet removes them. A pod already marked or gone is not
     * counted twice. If lowering fails, the marks are taken back and the call fails.
     */
    @Override
    public void stop(Collection<String> workerIds) throws ScalerException {
        Set<String> wanted = new HashSet<>(workerIds);
        List<String> marked = new ArrayList<>();
        for (Pod pod : deployment.pods()) {
            if (wanted.contains(name(pod)) && !PodMarks.leaving(pod) && PodMarks.drainedAt(pod) == null) {
                marks.mark(name(pod), clock.instant());
                marked.add(name(pod));
            }
        }
        if (marked.isEmpty()) {
            return;
        }
        try {
            deployment.changeReplicas(-marked.size());
        } catch (ScalerException e) {
            for (String pod : marked) {
                try {
                    marks.unmark(pod);
                } catch (ScalerException ignored) {
                    // the next tick's stop marks it again; a stale mark is settled by instances()
                }
            }
            throw e;
        }
    }

    /** The Deployment's {@code spec.replicas}, read through the scale subresource. */
    public int replicas() throws ScalerException {
        return deployment.replicas();
    }

    private static String name(Pod pod) {
        return pod.getMetadata().getName();
    }

    private static Instant created(Pod pod) {
        String at = pod.getMetadata().getCreationTimestamp();
        try {
            return at == null ? Instant.EPOCH : Instant.parse(at);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /** The client's settings (the tests check that it neither retries nor waits long). */
    Config clientConfig() {
        return client.getConfiguration();
    }

    /** The namespace this scaler works in. */
    public String namespace() {
        return namespace;
    }

    /** The Deployment this scaler scales. */
    public String deployment() {
        return deployment.name();
    }

    /** Closes the client when this scaler made it; pods keep running. */
    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    /** Makes this scaler for {@code scaler.type: kubernetes}; found through {@link java.util.ServiceLoader}. */
    public static final class Provider implements ScalerProvider {
        @Override
        public String name() {
            return "kubernetes";
        }

        @Override
        public Scaler create(ScalerContext context) {
            return KubernetesScaler.create(context);
        }
    }
}
