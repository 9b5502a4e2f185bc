package io.qscale.cli.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qscale.cli.QscaleCommand;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Redis with TLS (a CA and a server certificate made here) and an ACL user: the CLI's collector,
 * a manager process and the worker it starts all connect with {@code rediss://user:pass@…} and
 * {@code --redis-ca}; a wrong password and an untrusted certificate are one line and exit 1;
 * no password appears in anything they print.
 */
class RedisTlsIT {

    private static final String PASSWORD = "s3cret-Tls-pass";
    private static final String WRONG = "Wr0ng-PaSS-7";
    private static final Path JAR = Path.of("target", "qscale.jar");

    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private static Run qscale(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = QscaleCommand.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int code = line.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theCliAManagerAndItsWorkerUseTlsAndAnAclUserAndFailuresAreOneLineWithoutSecrets() throws Exception {
        assertThat(JAR).as("the qscale jar is built by the package phase").exists();
        TestCertificates certs = TestCertificates.create(dir);
        int tlsPort = freePort();
        try (LocalRedisServer redis = LocalRedisServer.start(
                LocalRedisServer.locateBinary(System.getenv(LocalRedisServer.BINARY_ENV)),
                List.of("--tls-port", Integer.toString(tlsPort), "--tls-cert-file", certs.serverCert().toString(),
                        "--tls-key-file", certs.serverKey().toString(), "--tls-ca-cert-file", certs.caCert().toString(),
                        "--tls-auth-clients", "no", "--user", "alice", "on", ">" + PASSWORD, "~*", "&*", "+@all"))) {
            String uri = "rediss://alice:" + PASSWORD + "@127.0.0.1:" + tlsPort;
            String queue = "tls";
            List<String> printed = new ArrayList<>();

            // The CLI (its collector) over TLS with the ACL user.
            Run metrics = qscale("metrics", "--json", "--redis", uri, "--redis-ca", certs.caCert().toString(), "--queue", queue);
            printed.add(metrics.all());
            assertThat(metrics.code()).as(metrics.all()).isZero();
            assertThat(metrics.out()).contains("\"queue\" : \"" + queue + "\"");

            // A manager process, and the worker its local scaler starts, over TLS.
            Path state = Files.createDirectories(dir.resolve("state"));
            Path managerLog = dir.resolve("manager.log");
            Process manager = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    JAR.toString(), "manager", "--redis", uri, "--redis-ca", certs.caCert().toString(), "--queue", queue,
                    "--manual-scale", "1", "--no-http", "--scaler-setting", "stateDir=" + state,
                    "--scaler-setting", "logDir=" + state)
                    .redirectErrorStream(true).redirectOutput(managerLog.toFile()).start();
            try (RedisSession session = RedisSession.connect(RedisEndpoint.parse("test", uri).trusting("test", certs.caCert()))) {
                QueueKeys keys = new QueueKeys(queue);
                WorkerRegistry registry = new WorkerRegistry(session, keys, ProtocolSettings.defaults());
                await().atMost(Duration.ofSeconds(60)).until(() -> registry.workers().stream().anyMatch(w -> w.alive()));
                TaskQueue tasks = new TaskQueue(session, keys, ProtocolSettings.defaults(), Clock.systemUTC());
                tasks.enqueue("noop", null);
                await().atMost(Duration.ofSeconds(20)).until(() -> tasks.length() == 0
                        && registry.workers().stream().mapToLong(w -> w.processed()).sum() == 1);
            } finally {
                manager.destroy();
                manager.waitFor();
            }
            printed.add(Files.readString(managerLog));
            try (Stream<Path> logs = Files.list(state)) {
                for (Path log : logs.filter(f -> f.toString().endsWith(".log")).toList()) {
                    printed.add(Files.readString(log));
                }
            }

            // A wrong password: one line, exit 1, the password nowhere.
            Run wrong = qscale("metrics", "--redis", "rediss://alice:" + WRONG + "@127.0.0.1:" + tlsPort, "--redis-ca",
                    certs.caCert().toString(), "--queue", queue);
            printed.add(wrong.all());
            assertThat(wrong.code()).isEqualTo(1);
            assertThat(wrong.err().strip()).hasLineCount(1).startsWith("qscale metrics: cannot connect to Redis at rediss://alice:***@")
                    .containsIgnoringCase("WRONGPASS");

            // A certificate the client does not trust: one line, exit 1.
            Run untrusted = qscale("metrics", "--redis", uri, "--queue", queue);
            printed.add(untrusted.all());
            assertThat(untrusted.code()).isEqualTo(1);
            assertThat(untrusted.err().strip()).hasLineCount(1).startsWith("qscale metrics: cannot connect to Redis at rediss://alice:***@")
                    .containsAnyOf("certification path", "PKIX", "certificate");

            System.out.println("RedisTlsIT: wrong password -> " + wrong.err().strip());
            System.out.println("RedisTlsIT: untrusted certificate -> " + untrusted.err().strip());
            assertThat(printed).as("nothing printed holds a password").allSatisfy(text -> assertThat(text)
                    .doesNotContain(PASSWORD).doesNotContain(WRONG).doesNotContain("\tat "));
        }
    }
}
