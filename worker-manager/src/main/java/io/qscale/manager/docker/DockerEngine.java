package io.qscale.manager.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.qscale.manager.scaler.ScalerException;
import java.time.Duration;
import java.io.IOException;

/** The one way qscale opens a Docker Engine client (docker-java, zerodep transport). Stateless. */
public final class DockerEngine {

    /** DOCKER_HOST, else the local socket. */
    public static final String DEFAULT_HOST = System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");

    private DockerEngine() {
    }

    public static DockerClient connect(String host) {
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host).build();
        ZerodepDockerHttpClient http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .connectionTimeout(Duration.ofSeconds(5))
                .responseTimeout(Duration.ofSeconds(60))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    /** Whether an engine answers at {@code host}. */
    public static boolean reachable(String host) {
        try (DockerClient client = connect(host)) {
            client.pingCmd().exec();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** A docker-java failure as one line that says what the engine said. */
    static ScalerException failure(String what, String host, RuntimeException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String said = e.getMessage() == null ? root.toString() : e.getMessage().strip();
        if (root instanceof IOException && root != e && !said.contains(String.valueOf(root.getMessage()))) {
            said = said + " (" + root.getMessage() + ")";
        }
        return new ScalerException(what + " failed at " + host + ": " + said, e);
    }
}
