package io.qscale.cli.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qscale.cli.tls.TestCertificates;
import io.qscale.core.json.Json;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerInfo;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local scaler's story on the Redis set-ups users run: a {@code requirepass} password, an ACL
 * user with the default user switched off, and an ACL user over TLS. The manager (the real jar)
 * must hand its workers the URI the user gave (they once got Lettuce's masked rendering and only
 * worked because the default user accepted any password): the workers register and do 25 of 25
 * tasks, and the password is in no command line, no log and no output.
 */
class LocalScalerCredentialsIT {

    private static final String PASSWORD = "s3cret-Pw-9a";
    private static final int TASKS = 25;

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path binary() {
        return LocalRedisServer.locateBinary(System.getenv(LocalRedisServer.BINARY_ENV));
    }

    @Test
    void workersReachARedisWithRequirepass() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start(binary(), List.of("--requirepass", PASSWORD))) {
            story("redis://:" + PASSWORD + "@127.0.0.1:" + redis.port(), Optional.empty(), "requirepass");
        }
    }

    @Test
    void workersReachARedisAsAnAclUserWhenTheDefaultUserIsOff() throws Exception {
        try (LocalRedisServer redis = LocalRedisServer.start(binary(), List.of("--user", "default", "off",
                "--user", "alice", "on", ">" + PASSWORD, "~*", "&*", "+@all"))) {
            story("redis://alice:" + PASSWORD + "@127.0.0.1:" + redis.port(), Optional.empty(), "acl");
        }
    }

    @Test
    void workersReachARedisOverTlsAsAnAclUser() throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        int tlsPort = freePort();
        LocalRedisServer redis = LocalRedisServer.start(binary(), List.of("--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", certs.serverCert().toString(), "--tls-key-file", certs.serverKey().toString(),
                "--tls-ca-cert-file", certs.caCert().toString(), "--tls-auth-clients", "no",
                "--user", "default", "off", "--user", "alice", "on", ">" + PASSWORD, "~*", "&*", "+@all"));
        try {
            story("rediss://alice:" + PASSWORD + "@127.0.0.1:" + tlsPort, Optional.of(certs.caCert()), "tls");
        } finally {
            redis.close();
        }
    }

    /** A manager holding 3 local workers; 25 tasks; every worker registered and every task done. */
    private void story(String uri, Optional<Path> ca, String queue) throws Exception {
        Path state = Files.createDirectories(dir.resolve("state-" + queue));
        List<String> args = new ArrayList<>(List.of("manager", "--redis", uri, "--queue", queue, "--manual-scale", "3",
                "--no-http", "--scaler-setting", "stateDir=" + state, "--scaler-setting", "logDir=" + state));
        ca.ifPresent(file -> args.addAll(List.of("--redis-ca", file.toString())));
        RedisEndpoint endpoint = RedisEndpoint.parse("test", uri);
        List<String> printed = new ArrayList<>();
        try (QscaleProcess manager = QscaleProcess.start(dir, "manager-" + queue, args);
                RedisSession session = RedisSession.connect(ca.map(file -> endpoint.trusting("test", file)).orElse(endpoint))) {
            QueueKeys keys = new QueueKeys(queue);
            WorkerRegistry registry = new WorkerRegistry(session, keys, ProtocolSettings.defaults());
            TaskQueue tasks = new TaskQueue(session, keys, ProtocolSettings.defaults(), Clock.systemUTC());

            await().atMost(Duration.ofSeconds(60)).until(() -> registry.workers().stream().filter(WorkerInfo::alive).count() == 3);
            for (int i = 0; i < TASKS; i++) {
                tasks.enqueue("sleep", Json.mapper().valueToTree(Map.of("ms", 200)));
            }
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    registry.workers().stream().mapToLong(WorkerInfo::processed).sum() == TASKS);

            assertThat(tasks.length()).isZero();
            assertThat(session.commands().llen(keys.deadLetters())).isZero();
            List<String> workerCommandLines = ProcessHandle.of(manager.pid()).orElseThrow().children()
                    .map(child -> child.info().commandLine().orElse("")).toList();
            assertThat(workerCommandLines).hasSize(3).allSatisfy(line -> assertThat(line).doesNotContain(PASSWORD));
            assertThat(manager.terminate(60)).as("SIGTERM stops the manager and its workers cleanly").isZero();
            printed.add(manager.out());
            printed.add(manager.err());
        }
        try (Stream<Path> logs = Files.list(state)) {
            for (Path log : logs.filter(file -> file.toString().endsWith(".log")).toList()) {
                printed.add(Files.readString(log));
            }
        }
        assertThat(printed).as("no password in the manager's output or the workers' logs").allSatisfy(text ->
                assertThat(text).doesNotContain(PASSWORD).doesNotContain("\tat "));
        System.out.println("LocalScalerCredentialsIT[" + queue + "]: 3 workers registered, " + TASKS + "/" + TASKS + " done");
    }
}
