package io.qscale.manager.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The demo worker as the local scaler starts it: its own jar ({@code qscale-worker.jar}, without
 * the CLI's and the manager's dependencies), the JVM options chosen by measurement
 * ({@code qscale-worker.options}, a Java argument file), and the class-data-sharing archive the
 * build made ({@code qscale-worker.jsa}) when it is newer than the jar. Looked for next to the
 * code that runs the scaler (a distribution keeps them side by side), then in the source tree's
 * {@code demo-worker/target}. Immutable; the benchmarks start workers with it too.
 *
 * @param jar the worker jar
 * @param options the JVM argument file, if present
 * @param archive the class-data-sharing archive, if present and not older than the jar
 */
public record LightWorker(Path jar, Optional<Path> options, Optional<Path> archive) {

    public static final String JAR = "qscale-worker.jar";
    public static final String OPTIONS = "qscale-worker.options";
    public static final String ARCHIVE = "qscale-worker.jsa";

    /** Finds the light worker near {@code codeLocation} (a jar or a classes folder). */
    public static Optional<LightWorker> find(Optional<Path> codeLocation) {
        if (codeLocation.isEmpty()) {
            return Optional.empty();
        }
        Path folder = codeLocation.get().toAbsolutePath().getParent();
        if (folder == null) {
            return Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(folder);
        if (folder.getParent() != null && folder.getParent().getParent() != null) {
            candidates.add(folder.getParent().getParent().resolve("demo-worker").resolve("target"));
        }
        for (Path candidate : candidates) {
            Optional<LightWorker> found = in(candidate);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The light worker in {@code folder}, if its jar is there. */
    public static Optional<LightWorker> in(Path folder) {
        Path jar = folder.resolve(JAR).normalize();
        if (!Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        Path options = folder.resolve(OPTIONS).normalize();
        Path archive = folder.resolve(ARCHIVE).normalize();
        return Optional.of(new LightWorker(jar, Optional.of(options).filter(Files::isRegularFile),
                Optional.of(archive).filter(a -> notOlder(a, jar))));
    }

    /** An archive made before the jar was rebuilt would be refused by the JVM (with a warning): leave it out. */
    private static boolean notOlder(Path archive, Path jar) {
        try {
            FileTime archived = Files.getLastModifiedTime(archive);
            return Files.isRegularFile(archive) && archived.compareTo(Files.getLastModifiedTime(jar)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** The command line: this JVM, the options, the archive, the jar's main class. */
    public List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        options.ifPresentOrElse(file -> command.add("@" + file), () -> {
            command.add("-Xmx64m");
            command.add("-XX:+UseSerialGC");
        });
        archive.ifPresent(file -> command.add("-XX:SharedArchiveFile=" + file));
        command.add("-cp");
        command.add(jar.toString());
        command.add(LocalProcessScaler.DEMO_WORKER_MAIN);
        return command;
    }
}
