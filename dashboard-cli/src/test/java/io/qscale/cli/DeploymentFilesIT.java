package io.qscale.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.qscale.manager.docker.DockerEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment files work: docker-compose accepts docker-compose.yml, and the manager/CLI image
 * builds from its Dockerfile on a locally made base and runs. Needs Docker and docker-compose:
 * skipped with a message without them, failed instead with QSCALE_REQUIRE_DOCKER=1.
 */
class DeploymentFilesIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @BeforeAll
    static void dockerTools() {
        boolean engine = DockerEngine.reachable(DockerEngine.DEFAULT_HOST);
        boolean compose = Files.isExecutable(Path.of("/usr/bin/docker-compose"))
                || Files.isExecutable(Path.of("/usr/local/bin/docker-compose"));
        String why = "needs a Docker Engine and docker-compose (engine: " + engine + ", docker-compose: " + compose + ")";
        if ("1".equals(System.getenv("QSCALE_REQUIRE_DOCKER")) && !(engine && compose)) {
            fail(why + ", and QSCALE_REQUIRE_DOCKER=1 requires them");
        }
        Assumptions.assumeTrue(engine && compose, why + "; skipping");
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("qscale-deploy", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("DOCKER_BUILDKIT", "0"); // the classic builder: no buildx plugin needed
        Process process = builder.start();
        boolean done = process.waitFor(10, TimeUnit.MINUTES);
        String output = Files.readString(log);
        assertThat(done && process.exitValue() == 0).as(String.join(" ", command) + " failed:\n" + output).isTrue();
        return output;
    }

    @Test
    void dockerComposeAcceptsTheComposeFile() throws Exception {
        String services = run(List.of("docker-compose", "-f", "docker-compose.yml", "config", "--services"));

        assertThat(services.lines()).contains("redis", "manager", "worker-image", "qscale");
        run(List.of("docker-compose", "-f", "docker-compose.yml", "config", "-q"));
    }

    @Test
    void theMonitoringProfileAddsPrometheusAndGrafana() throws Exception {
        String services = run(List.of("docker-compose", "-f", "docker-compose.yml", "--profile", "monitoring", "config",
                "--services"));

        assertThat(services.lines()).contains("prometheus", "grafana", "manager");
        run(List.of("docker-compose", "-f", "docker-compose.yml", "--profile", "monitoring", "config", "-q"));
    }

    @Test
    void dockerComposeAcceptsTheSwarmStackFile() throws Exception {
        String services = run(List.of("docker-compose", "-f", "deploy/swarm/qscale-stack.yml", "config", "--services"));

        assertThat(services.lines()).containsExactlyInAnyOrder("redis", "worker", "manager");
    }

    @Test
    void theQscaleImageBuildsOnALocalBaseAndRuns() throws Exception {
        run(List.of(ROOT.resolve("deploy/docker/build-local-images.sh").toString()));
        run(List.of("docker", "build", "-q", "-f", "deploy/docker/qscale.Dockerfile",
                "--build-arg", "BASE_IMAGE=qscale/jre-base:local", "-t", "qscale/qscale:local", "."));

        String version = run(List.of("docker", "run", "--rm", "qscale/qscale:local", "--version"));

        assertThat(version.strip()).startsWith("qscale 0.1.0");
    }
}
