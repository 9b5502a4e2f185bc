package io.qscale.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.qscale.manager.ManagerSettings;
import io.qscale.manager.config.QscaleConfig;
import io.qscale.rules.config.ScalingConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes and deploy/swarm: every manifest parses, every file is in its kustomization,
 * and the pieces agree with each other and with qscale (names, ports, the worker id from the pod
 * name, grace times matched to the drain, the config the managers load).
 */
class ManifestsTest {

    private static final Path KUBERNETES = Path.of("..", "deploy", "kubernetes");
    private static final Path BASE = KUBERNETES.resolve("base");
    private static final Path KEDA = KUBERNETES.resolve("keda");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private static List<HasMetadata> documents(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Object parsed = SERIALIZATION.unmarshal(in);
            List<HasMetadata> all = new ArrayList<>();
            if (parsed instanceof List<?> list) {
                list.forEach(item -> all.add((HasMetadata) item));
            } else {
                all.add((HasMetadata) parsed);
            }
            return all;
        }
    }

    private static <T extends HasMetadata> T one(Path file, Class<T> type, String name) throws IOException {
        return documents(file).stream().filter(type::isInstance).map(type::cast)
                .filter(resource -> resource.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(file + " has no " + type.getSimpleName() + " " + name));
    }

    private static Deployment worker() throws IOException {
        return one(BASE.resolve("worker-deployment.yaml"), Deployment.class, "qscale-worker");
    }

    private static QscaleConfig managersConfig() throws IOException {
        ConfigMap map = one(BASE.resolve("configmap.yaml"), ConfigMap.class, "qscale-config");
        return QscaleConfig.parse(map.getData().get("qscale.yml"), ScalingConfig.defaultProfile(), "qscale-config");
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }

    @Test
    void everyManifestParsesAndEveryFileIsInItsKustomization() throws IOException {
        for (Path folder : List.of(BASE, KEDA)) {
            JsonNode kustomization = YAML.readTree(folder.resolve("kustomization.yaml").toFile());
            List<String> listed = new ArrayList<>();
            kustomization.get("resources").forEach(node -> listed.add(node.asText()));
            List<String> present;
            try (Stream<Path> files = Files.list(folder)) {
                present = files.map(p -> p.getFileName().toString())
                        .filter(name -> name.endsWith(".yaml") && !name.equals("kustomization.yaml")).sorted().toList();
            }
            assertThat(listed).as(folder + ": every manifest is applied").containsAll(present);
            for (String resource : listed) {
                Path path = folder.resolve(resource).normalize();
                assertThat(path).as(folder + " lists " + resource).exists();
                if (Files.isRegularFile(path)) {
                    assertThat(documents(path)).as(path.toString()).isNotEmpty()
                            .allSatisfy(d -> assertThat(d.getMetadata().getName()).isNotBlank());
                }
            }
        }
    }

    @Test
    void workerPodsHeartbeatUnderTheirPodNameAndWaitAfterADrain() throws IOException {
        Deployment worker = worker();
        Container container = worker.getSpec().getTemplate().getSpec().getContainers().get(0);

        EnvVar id = container.getEnv().stream().filter(e -> e.getName().equals("QSCALE_WORKER_ID")).findFirst().orElseThrow();
        assertThat(id.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name");
        assertThat(env(container, "QSCALE_AFTER_DRAIN")).isEqualTo("wait");
        assertThat(worker.getSpec().getSelector().getMatchLabels())
                .isEqualTo(worker.getSpec().getTemplate().getMetadata().getLabels());
        assertThat(env(container, "QSCALE_QUEUE")).isEqualTo(managersConfig().queue().orElseThrow());
        assertThat(redisFromSecret(container)).as("the worker's REDIS_URL").isTrue();
    }

    /** Whether the container reads REDIS_URL from the qscale-redis Secret (a password never sits in plain env or a ConfigMap). */
    private static boolean redisFromSecret(Container container) {
        return container.getEnv().stream().filter(e -> e.getName().equals("REDIS_URL")).anyMatch(e -> e.getValue() == null
                && e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                && e.getValueFrom().getSecretKeyRef().getName().equals("qscale-redis")
                && e.getValueFrom().getSecretKeyRef().getKey().equals("url"));
    }

    @Test
    void everyProcessReadsRedisFromOneSecretAndTheConfigMapHoldsNone() throws IOException {
        Secret secret = one(BASE.resolve("redis-secret.yaml"), Secret.class, "qscale-redis");
        Deployment manager = one(BASE.resolve("manager-deployment.yaml"), Deployment.class, "qscale-manager");
        Deployment kedaScaler = one(KEDA.resolve("keda-scaler.yaml"), Deployment.class, "qscale-keda-scaler");

        assertThat(io.qscale.core.redis.RedisEndpoint.parse("url", secret.getStringData().get("url")).toString())
                .startsWith("redis://qscale-redis:");
        for (Deployment deployment : List.of(worker(), manager, kedaScaler)) {
            assertThat(redisFromSecret(deployment.getSpec().getTemplate().getSpec().getContainers().get(0)))
                    .as(deployment.getMetadata().getName() + " reads REDIS_URL from the qscale-redis Secret").isTrue();
        }
        assertThat(managersConfig().redis()).as("no Redis URI (nor password) in the ConfigMap").isEmpty();
    }

    @Test
    void theTerminationGraceCoversTheWorkersGraceAndTheManagersDrainGrace() throws IOException {
        Deployment worker = worker();
        long grace = worker.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        long workerGraceMs = Long.parseLong(env(worker.getSpec().getTemplate().getSpec().getContainers().get(0),
                "QSCALE_SHUTDOWN_GRACE_MS"));

        assertThat(grace * 1000).as("SIGTERM's grace plus the 1 s claim timeout fit before SIGKILL")
                .isGreaterThan(workerGraceMs + 1_000);
        assertThat(grace).as("a drain the manager gave up on still ends cleanly")
                .isGreaterThanOrEqualTo(ManagerSettings.DEFAULT_DRAIN_GRACE.toSeconds());
    }

    @Test
    void theManagersLoadTheirConfigAndScaleTheWorkerDeployment() throws IOException {
        QscaleConfig config = managersConfig();
        Deployment manager = one(BASE.resolve("manager-deployment.yaml"), Deployment.class, "qscale-manager");
        Container container = manager.getSpec().getTemplate().getSpec().getContainers().get(0);

        assertThat(config.scalerType()).contains("kubernetes");
        assertThat(config.scalerSettings()).containsEntry("deployment", worker().getMetadata().getName());
        assertThat(manager.getSpec().getReplicas()).as("one leads, one stands by").isEqualTo(2);
        assertThat(manager.getSpec().getTemplate().getSpec().getServiceAccountName())
                .isEqualTo(one(BASE.resolve("rbac.yaml"), ServiceAccount.class, "qscale-manager").getMetadata().getName());
        String configPath = container.getArgs().get(container.getArgs().indexOf("--config") + 1);
        assertThat(Path.of(configPath).getParent().toString()).isEqualTo(container.getVolumeMounts().get(0).getMountPath());
        assertThat(container.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("QSCALE_API_TOKEN");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("qscale-api-token");
        });
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(container.getPorts().get(0).getContainerPort()).isEqualTo(config.http().port().orElseThrow());
    }

    @Test
    void prometheusScrapesTheManagersMetricsThroughTheService() throws IOException {
        Service service = one(BASE.resolve("service.yaml"), Service.class, "qscale-manager");
        Deployment manager = one(BASE.resolve("manager-deployment.yaml"), Deployment.class, "qscale-manager");

        assertThat(service.getSpec().getSelector()).isEqualTo(manager.getSpec().getTemplate().getMetadata().getLabels());
        assertThat(service.getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true")
                .containsEntry("prometheus.io/path", "/metrics")
                .containsEntry("prometheus.io/port", String.valueOf(managersConfig().http().port().orElseThrow()));
    }

    @Test
    void theScaledObjectParsesAndPointsKedaAtTheScalerAndTheWorkers() throws IOException {
        GenericKubernetesResource scaled = one(KEDA.resolve("scaledobject.yaml"), GenericKubernetesResource.class, "qscale-worker");
        Deployment scaler = one(KEDA.resolve("keda-scaler.yaml"), Deployment.class, "qscale-keda-scaler");
        Service service = one(KEDA.resolve("keda-scaler.yaml"), Service.class, "qscale-keda-scaler");
        Map<String, Object> spec = scaled.get("spec");
        List<String> args = scaler.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();

        assertThat(scaled.getApiVersion()).isEqualTo("keda.sh/v1alpha1");
        assertThat(scaled.getKind()).isEqualTo("ScaledObject");
        assertThat(scaled.<String>get("spec", "scaleTargetRef", "name")).isEqualTo(worker().getMetadata().getName());
        assertThat(scaled.<String>get("spec", "triggers", 0, "type")).isEqualTo("external");
        assertThat(scaled.<String>get("spec", "triggers", 0, "metadata", "scalerAddress"))
                .isEqualTo(service.getMetadata().getName() + ":" + service.getSpec().getPorts().get(0).getPort());
        assertThat(args).startsWith("keda-scaler").containsSubsequence("--port", String.valueOf(service.getSpec().getPorts().get(0).getPort()))
                .containsSubsequence("--bind", "0.0.0.0");
        assertThat(spec.get("minReplicaCount")).isEqualTo(managersConfig().scaling().minWorkers());
        assertThat(spec.get("maxReplicaCount")).isEqualTo(managersConfig().scaling().maxWorkers());
        assertThat(scaler.getSpec().getReplicas()).as("its rules keep state: one copy").isEqualTo(1);
    }

    @Test
    void theSwarmStackDrainsFirstThroughOnFailureRestarts() throws IOException {
        JsonNode stack = YAML.readTree(Path.of("..", "deploy", "swarm", "qscale-stack.yml").toFile());
        JsonNode worker = stack.at("/services/worker");
        JsonNode manager = stack.at("/services/manager");
        List<String> command = new ArrayList<>();
        manager.get("command").forEach(node -> command.add(node.asText()));

        assertThat(worker.at("/deploy/restart_policy/condition").asText()).isEqualTo("on-failure");
        assertThat(worker.at("/environment/QSCALE_WORKER_ID").asText()).isEqualTo("{{.Task.Name}}");
        assertThat(QscaleConfig.duration("stop_grace_period", worker.get("stop_grace_period").asText()).toMillis())
                .isGreaterThan(Long.parseLong(worker.at("/environment/QSCALE_SHUTDOWN_GRACE_MS").asText()) + 1_000);
        assertThat(command).containsSubsequence("--scaler", "swarm").contains("service=qscale_worker");
        assertThat(manager.at("/deploy/replicas").asInt()).isEqualTo(2);
        assertThat(manager.at("/environment/REDIS_URL").asText()).isEqualTo(worker.at("/environment/REDIS_URL").asText());
    }
}
