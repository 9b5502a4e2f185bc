package io.qscale.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive the build makes, unpacked into an empty folder outside the repository and run with
 * nothing but a JDK on the PATH: --version, metrics, a manager whose local scaler starts a worker
 * from the distribution's own lib/, and the whole demo.
 */
@ExtendWith(RedisServerExtension.class)
class DistributionIT {

    private static final String VERSION = System.getProperty("qscale.version", "0.1.0-SNAPSHOT");
    private static final Path TARGET = Path.of("target").toAbsolutePath();

    @TempDir
    static Path unpacked;

    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = TARGET.resolve("qscale-" + VERSION + ".tar.gz");
        assertThat(archive).as("the package phase builds the archive").exists();
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", unpacked.toString()).inheritIO().start();
        assertThat(tar.waitFor(60, TimeUnit.SECONDS) && tar.exitValue() == 0).isTrue();
        home = unpacked.resolve("qscale-" + VERSION);
    }

    /** Runs bin/qscale with only the JDK's bin on the PATH, in an empty working folder. */
    private Process qscale(Path log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/qscale").toString()));
        command.addAll(List.of(args));
        Path work = Files.createTempDirectory(unpacked, "work");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin").toString());
        env.put("HOME", work.toString());
        env.put("LANG", "C.UTF-8"); // a terminal's locale: the story's arrows are not ASCII
        return builder.start();
    }

    private String run(String... args) throws Exception {
        Path log = Files.createTempFile(unpacked, "run", ".log");
        Process process = qscale(log, args);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void theArchivesHoldTheLaunchersTheJarsAndTheDocs() throws Exception {
        assertThat(home.resolve("bin/qscale")).isExecutable();
        assertThat(home.resolve("bin/qscale.cmd")).exists();
        assertThat(Files.readString(home.resolve("bin/qscale.cmd"))).contains("\r\n").contains("lib\\qscale.jar");
        assertThat(home.resolve("lib/qscale.jar")).exists();
        assertThat(home.resolve("lib/qscale-worker.jar")).exists();
        assertThat(home.resolve("lib/qscale-worker.options")).exists();
        assertThat(home.resolve("lib/lua/prelude.lua")).as("the protocol's scripts beside the jar (docs/protocol.md)")
                .hasSameTextualContentAs(Path.of("../monitoring-core/src/main/resources/io/qscale/core/lua/prelude.lua"));
        assertThat(home.resolve("lib/lua/ack.lua")).exists();
        assertThat(home.resolve("examples/target")).doesNotExist();
        assertThat(home.resolve("qscale.example.yml")).exists();
        assertThat(home.resolve("docs/operations.md")).exists();
        assertThat(home.resolve("deploy/kubernetes/base/kustomization.yaml")).exists();
        try (ZipFile zip = new ZipFile(TARGET.resolve("qscale-" + VERSION + ".zip").toFile())) {
            assertThat(zip.stream().map(ZipEntry::getName)).contains("qscale-" + VERSION + "/bin/qscale.cmd",
                    "qscale-" + VERSION + "/bin/qscale", "qscale-" + VERSION + "/lib/qscale.jar");
        }
    }

    @Test
    void versionAndMetricsRunFromTheUnpackedArchive(LocalRedisServer redis) throws Exception {
        assertThat(run("--version").strip()).isEqualTo("qscale " + VERSION);
        assertThat(run("metrics", "--redis", redis.uri(), "--queue", "dist")).contains("queue dist at " + redis.uri());
    }

    @Test
    void aManagerStartsItsLocalWorkerFromTheDistribution(LocalRedisServer redis) throws Exception {
        String queue = "dist-" + UUID.randomUUID().toString().substring(0, 6);
        Path state = Files.createTempDirectory(unpacked, "state");
        Path log = Files.createTempFile(unpacked, "manager", ".log");
        Process manager = qscale(log, "manager", "--manual-scale", "1", "--no-http", "--redis", redis.uri(),
                "--queue", queue, "--scaler-setting", "stateDir=" + state, "--scaler-setting", "logDir=" + state);
        String workerCommand;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> run("metrics", "--redis", redis.uri(), "--queue", queue)
                    .contains("workers       1 active"));
            Path pidFile;
            try (var files = Files.newDirectoryStream(state, "*.pid")) {
                pidFile = files.iterator().next();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim().split("\\s+")[0]);
            workerCommand = ProcessHandle.of(pid).flatMap(p -> p.info().commandLine()).orElse("");
        } finally {
            manager.destroy();
            assertThat(manager.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(Files.readString(log)).contains("qscale manager on queue " + queue);
        assertThat(workerCommand).as("the worker runs from the distribution's lib/")
                .contains(home.resolve("lib").resolve("qscale-worker.jar").toString())
                .contains("@" + home.resolve("lib").resolve("qscale-worker.options"));
    }

    @Test
    void theDemoPlaysToTheEndWithOnlyAJdk() throws Exception {
        Path log = Files.createTempFile(unpacked, "demo", ".log");
        // No Redis reachable at REDIS_URL: the demo starts the one shipped in the jar.
        Process demo = qscale(log, "demo", "--headless", "--redis", "redis://127.0.0.1:1");
        assertThat(demo.waitFor(6, TimeUnit.MINUTES)).as(Files.readString(log)).isTrue();
        String output = Files.readString(log);

        assertThat(demo.exitValue()).as(output).isZero();
        assertThat(output).contains("3 → 5").contains("4 → 3");
    }
}
