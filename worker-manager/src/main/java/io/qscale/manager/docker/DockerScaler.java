package io.qscale.manager.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import io.qscale.manager.scaler.Scaler;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.manager.scaler.ScalerProvider;
import io.qscale.manager.scaler.ScalerException;
import io.qscale.manager.scaler.ScalerInstance;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Workers as Docker containers, labelled {@code qscale.pool=<queue>} and
 * {@code qscale.worker-id=<id>}; the count is what the engine reports running. Stopping is
 * {@code docker stop} (SIGTERM, then SIGKILL after the grace) and removal. Containers outlive
 * the manager; a manager that starts again finds them by label. Not thread-safe.
 *
 * <p>Settings: {@code image} (required), {@code network} (default {@code host}), {@code env}
 * (extra {@code KEY=VALUE}, comma-separated), {@code memory} (bytes, or 512m, 1g; optional), {@code cpus}
 * (optional), {@code dockerHost} (default DOCKER_HOST or the local socket), {@code stopGraceSeconds}
 * (default 35).
 */
public final class DockerScaler implements Scaler {

    static final String POOL_LABEL = "qscale.pool";
    static final String WORKER_LABEL = "qscale.worker-id";

    private final ScalerContext context;
    private final DockerSettings settings;
    private final String host;
    private final String image;
    private final DockerClient docker;

    private DockerScaler(ScalerContext context) throws ScalerException {
        this.context = context;
        this.settings = DockerSettings.from(context);
        this.host = settings.dockerHost();
        this.image = settings.image();
        this.docker = DockerEngine.connect(host);
    }

    /** The provider for "docker". */
    public static DockerScaler create(ScalerContext context) throws ScalerException {
        return new DockerScaler(context);
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public List<ScalerInstance> instances() throws ScalerException {
        try {
            List<ScalerInstance> running = new ArrayList<>();
            for (Container container : docker.listContainersCmd().withLabelFilter(Map.of(POOL_LABEL, context.queue()))
                    .withStatusFilter(List.of("running")).exec()) {
                running.add(new ScalerInstance(container.getLabels().get(WORKER_LABEL), container.getId(),
                        Instant.ofEpochSecond(container.getCreated())));
            }
            return running;
        } catch (RuntimeException e) {
            throw DockerEngine.failure("listing containers", host, e);
        }
    }

    @Override
    public List<ScalerInstance> start(int count) throws ScalerException {
        List<ScalerInstance> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = context.queue() + "-docker-" + UUID.randomUUID().toString().substring(0, 8);
            List<String> env = new ArrayList<>(List.of("QSCALE_WORKER_ID=" + id, "QSCALE_QUEUE=" + context.queue(),
                    "REDIS_URL=" + context.redis().secretUri()));
            env.addAll(settings.env());
            HostConfig hostConfig = HostConfig.newHostConfig().withNetworkMode(settings.network());
            settings.memory().ifPresent(hostConfig::withMemory);
            settings.cpus().ifPresent(cpus -> hostConfig.withNanoCPUs((long) (cpus * 1e9)));
            try {
                String containerId = docker.createContainerCmd(image).withName(id).withEnv(env)
                        .withLabels(Map.of(POOL_LABEL, context.queue(), WORKER_LABEL, id))
                        .withHostConfig(hostConfig).exec().getId();
                docker.startContainerCmd(containerId).exec();
                started.add(new ScalerInstance(id, containerId, Instant.now()));
            } catch (NotFoundException e) {
                throw new ScalerException("image " + image + " not found at " + host + " (build it first; see docs/operations.md)", e);
            } catch (RuntimeException e) {
                throw DockerEngine.failure("starting a container of " + image, host, e);
            }
        }
        return started;
    }

    @Override
    public void stop(Collection<String> workerIds) throws ScalerException {
        int grace = settings.stopGraceSeconds();
        for (String id : workerIds) {
            try {
                for (Container container : docker.listContainersCmd().withShowAll(true)
                        .withLabelFilter(Map.of(POOL_LABEL, context.queue(), WORKER_LABEL, id)).exec()) {
                    try {
                        docker.stopContainerCmd(container.getId()).withTimeout(grace).exec();
                    } catch (NotModifiedException alreadyStopped) {
                        // drained workers have exited already
                    }
                    docker.removeContainerCmd(container.getId()).withForce(true).exec();
                }
            } catch (NotFoundException gone) {
                // removed meanwhile
            } catch (RuntimeException e) {
                throw DockerEngine.failure("stopping container " + id, host, e);
            }
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

    /** Makes this scaler for {@code scaler.type: docker}; found through {@link java.util.ServiceLoader}. */
    public static final class Provider implements ScalerProvider {
        @Override
        public String name() {
            return "docker";
        }

        @Override
        public Scaler create(ScalerContext context) throws ScalerException {
            return DockerScaler.create(context);
        }
    }
}
