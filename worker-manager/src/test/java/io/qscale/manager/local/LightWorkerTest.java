package io.qscale.manager.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LightWorkerTest {

    @TempDir
    Path root;

    @Test
    void nextToTheCodeComesFirstAndTheCommandUsesOptionsArchiveAndJar() throws IOException {
        Path lib = Files.createDirectories(root.resolve("lib"));
        Path jar = touch(lib.resolve(LightWorker.JAR), 100);
        touch(lib.resolve(LightWorker.OPTIONS), 100);
        touch(lib.resolve(LightWorker.ARCHIVE), 200);

        LightWorker worker = LightWorker.find(Optional.of(lib.resolve("qscale.jar"))).orElseThrow();

        assertThat(worker.jar()).isEqualTo(jar);
        assertThat(worker.command()).endsWith("@" + lib.resolve(LightWorker.OPTIONS),
                "-XX:SharedArchiveFile=" + lib.resolve(LightWorker.ARCHIVE), "-cp", jar.toString(),
                LocalProcessScaler.DEMO_WORKER_MAIN);
        assertThat(worker.command().get(0)).endsWith("java");
    }

    @Test
    void theSourceTreesDemoWorkerTargetIsFoundFromAnotherModulesTarget() throws IOException {
        Path target = Files.createDirectories(root.resolve("demo-worker").resolve("target"));
        touch(target.resolve(LightWorker.JAR), 100);
        Path classes = Files.createDirectories(root.resolve("worker-manager").resolve("target").resolve("classes"));

        assertThat(LightWorker.find(Optional.of(classes)).map(LightWorker::jar)).contains(target.resolve(LightWorker.JAR));
        assertThat(LightWorker.find(Optional.of(root.resolve("dashboard-cli").resolve("target").resolve("qscale.jar")))
                .map(LightWorker::jar)).contains(target.resolve(LightWorker.JAR));
    }

    @Test
    void anArchiveOlderThanTheJarIsLeftOutAndMissingOptionsFallBackToTheSeedFlags() throws IOException {
        touch(root.resolve(LightWorker.JAR), 300);
        touch(root.resolve(LightWorker.ARCHIVE), 200);

        LightWorker worker = LightWorker.in(root).orElseThrow();

        assertThat(worker.archive()).isEmpty();
        assertThat(worker.options()).isEmpty();
        assertThat(worker.command()).containsSequence("-Xmx64m", "-XX:+UseSerialGC", "-cp")
                .noneMatch(arg -> arg.startsWith("-XX:SharedArchiveFile"));
    }

    @Test
    void noJarNoLightWorker() {
        assertThat(LightWorker.in(root)).isEmpty();
        assertThat(LightWorker.find(Optional.empty())).isEmpty();
    }

    private static Path touch(Path file, long epochSecond) throws IOException {
        Files.writeString(file, "x");
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(epochSecond)));
        return file;
    }
}
