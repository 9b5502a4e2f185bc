package io.qscale.cli.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code qscale.jar} in a child process, as a user runs it: output and errors each to a
 * file the test reads, SIGTERM as {@code docker stop} or Kubernetes sends it. Not thread-safe.
 */
final class QscaleProcess implements AutoCloseable {

    static final Path JAR = Path.of("target", "qscale.jar").toAbsolutePath();

    private final Process process;
    private final Path out;
    private final Path err;

    private QscaleProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code qscale ARGS} with its output in {@code dir/NAME.out} and {@code dir/NAME.err}. */
    static QscaleProcess start(Path dir, String name, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(args);
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new QscaleProcess(process, out, err);
    }

    String out() throws IOException {
        return Files.readString(out);
    }

    String err() throws IOException {
        return Files.readString(err);
    }

    long pid() {
        return process.pid();
    }

    /** SIGTERM, then the exit code (or -1 when it has not exited within {@code seconds}). */
    int terminate(int seconds) throws InterruptedException {
        process.destroy();
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
