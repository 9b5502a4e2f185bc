package io.qscale.manager.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerSpec;
import com.github.dockerjava.api.model.NetworkAttachmentConfig;
import com.github.dockerjava.api.model.Service;
import com.github.dockerjava.api.model.ServiceModeConfig;
import com.github.dockerjava.api.model.ServiceReplicatedModeOptions;
import com.github.dockerjava.api.model.ServiceRestartCondition;
import com.github.dockerjava.api.model.ServiceRestartPolicy;
import com.github.dockerjava.api.model.ServiceSpec;
import com.github.dockerjava.api.model.Task;
import com.github.dockerjava.api.model.TaskSpec;
import com.github.dockerjava.api.model.TaskState;
import io.qscale.manager.scaler.Scaler;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.manager.scaler.ScalerProvider;
import io.qscale.manager.scaler.ScalerException;
import io.qscale.manager.scaler.ScalerInstance;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Workers as the replicas of a Docker Swarm service. Each task gets
 * {@code QSCALE_WORKER_ID={{.Task.Name}}} ({@code <service>.<slot>.<task id>}), so heartbeats
 * match tasks. Swarm cannot remove a chosen task, so drain-first relies on the restart policy
 * {@code on-failure}: a drained worker exits 0 and its task completes without being replaced;
 * lowering the replica count then removes non-running tasks before running ones. The service is
 * created (0 replicas) when missing. Not thread-safe.
 *
 * <p>Settings: {@code service} (default {@code qscale-worker-<queue>}), {@code image} (needed to
 * create the service), {@code network} (default {@code host}), {@code dockerHost}.
 */
public final class SwarmScaler implements Scaler {

    private static final Set<TaskState> LIVE = EnumSet.of(TaskState.NEW, TaskState.PENDING, TaskState.ASSIGNED,
            TaskState.ACCEPTED, TaskState.PREPARING, TaskState.STARTING, TaskState.RUNNING);

    private final ScalerContext context;
    private final SwarmSettings settings;
    private final String host;
    private final String service;
    private final DockerClient docker;

    private SwarmScaler(ScalerContext context) {
        this.context = context;
        this.settings = SwarmSettings.from(context);
        this.host = settings.dockerHost();
        this.service = settings.service();
        this.docker = DockerEngine.connect(host);
    }

    /** The provider for "swarm". */
    public static SwarmScaler create(ScalerContext context) {
        return new SwarmScaler(context);
    }

    @Override
    public String name() {
        return "swarm";
    }

    @Override
    public List<ScalerInstance> instances() throws ScalerException {
        try {
            ensureService();
            List<ScalerInstance> live = new ArrayList<>();
            for (Task task : docker.listTasksCmd().withServiceFilter(service).exec()) {
                if (task.getStatus() != null && LIVE.contains(task.getStatus().getState())
                        && task.getDesiredState() == TaskState.RUNNING) {
                    live.add(new ScalerInstance(service + "." + task.getSlot() + "." + task.getId(), task.getId(),
                            task.getCreatedAt() == null ? Instant.now() : Instant.parse(task.getCreatedAt())));
                }
            }
            return live;
        } catch (RuntimeException e) {
            throw DockerEngine.failure("listing the tasks of service " + service, host, e);
        }
    }

    @Override
    public List<ScalerInstance> start(int count) throws ScalerException {
        int before = instances().size();
        changeReplicas(count);
        // Swarm creates the tasks asynchronously; the next tick sees them with their names.
        List<ScalerInstance> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(new ScalerInstance(service + ".new-" + (before + i + 1), "", Instant.now()));
        }
        return started;
    }

    /** Swarm picks the task it removes: qscale lowers the count only after a drained task has exited. */
    @Override
    public boolean stopsExactInstances() {
        return false;
    }

    @Override
    public void stop(Collection<String> workerIds) throws ScalerException {
        changeReplicas(-workerIds.size());
    }

    /** The service's replica count, as Swarm holds it. */
    public int replicas() throws ScalerException {
        try {
            return (int) docker.inspectServiceCmd(service).exec().getSpec().getMode().getReplicated().getReplicas();
        } catch (RuntimeException e) {
            throw DockerEngine.failure("inspecting service " + service, host, e);
        }
    }

    private void changeReplicas(int delta) throws ScalerException {
        try {
            ensureService();
            Service current = docker.inspectServiceCmd(service).exec();
            ServiceSpec spec = current.getSpec();
            long replicas = spec.getMode().getReplicated().getReplicas();
            spec.getMode().getReplicated().withReplicas((int) Math.max(0, replicas + delta));
            docker.updateServiceCmd(current.getId(), spec).withVersion(current.getVersion().getIndex()).exec();
        } catch (RuntimeException e) {
            throw DockerEngine.failure("scaling service " + service, host, e);
        }
    }

    private void ensureService() {
        try {
            docker.inspectServiceCmd(service).exec();
        } catch (NotFoundException missing) {
            String image = settings.image().orElseThrow(() -> new IllegalStateException("service " + service
                    + " does not exist and scaler.image is not set to create it"));
            ContainerSpec container = new ContainerSpec().withImage(image).withEnv(List.of(
                    "QSCALE_WORKER_ID={{.Task.Name}}", "QSCALE_QUEUE=" + context.queue(),
                    "REDIS_URL=" + context.redis().secretUri()));
            TaskSpec task = new TaskSpec().withContainerSpec(container)
                    .withRestartPolicy(new ServiceRestartPolicy().withCondition(ServiceRestartCondition.ON_FAILURE))
                    .withNetworks(List.of(new NetworkAttachmentConfig().withTarget(settings.network())));
            docker.createServiceCmd(new ServiceSpec().withName(service).withTaskTemplate(task)
                    .withLabels(Map.of(DockerScaler.POOL_LABEL, context.queue()))
                    .withMode(new ServiceModeConfig().withReplicated(new ServiceReplicatedModeOptions().withReplicas(0))))
                    .exec();
        }
    }

    /** Removes the service (for tests and {@code qscale} tear-down); its tasks stop. */
    public void removeService() throws ScalerException {
        try {
            docker.removeServiceCmd(service).exec();
        } catch (NotFoundException gone) {
            // nothing to remove
        } catch (RuntimeException e) {
            throw DockerEngine.failure("removing service " + service, host, e);
        }
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            // nothing to release
        }
    }

    /** Makes this scaler for {@code scaler.type: swarm}; found through {@link java.util.ServiceLoader}. */
    public static final class Provider implements ScalerProvider {
        @Override
        public String name() {
            return "swarm";
        }

        @Override
        public Scaler create(ScalerContext context) {
            return SwarmScaler.create(context);
        }
    }
}
