package io.qscale.localredis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.io.File;
import java.net.InetAddress;

/**
 * A throwaway {@code redis-server} child process on a free loopback port, for tests and the demo.
 *
 * <p>The binary is, in order: the path in {@code QSCALE_REDIS_SERVER}, {@code redis-server} on the
 * {@code PATH}, or the Linux/macOS binary that the {@code embedded-redis} artifact ships (extracted
 * once into the temp folder). {@code QSCALE_REDIS_SERVER=embedded} forces the shipped binary.
 * Nothing is persisted. Not thread-safe: one owner starts, kills and restarts it.
 */
public final class LocalRedisServer implements AutoCloseable {

    /** Environment variable naming the binary to run, or {@code embedded}. */
    public static final String BINARY_ENV = "QSCALE_REDIS_SERVER";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path binary;
    private final int port;
    private final Path workDir;
    private final List<String> extraArgs;
    private Process process;

    private LocalRedisServer(Path binary, int port, Path workDir, List<String> extraArgs) {
        this.binary = binary;
        this.port = port;
        this.workDir = workDir;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts a server on a free port with the binary found as described in the class comment. */
    public static LocalRedisServer start() {
        return start(locateBinary(System.getenv(BINARY_ENV)));
    }

    /** Starts a server on a free port with the given binary. */
    public static LocalRedisServer start(Path binary) {
        return start(binary, List.of());
    }

    /**
     * Starts a server on a free port with the given binary and extra server arguments (for
     * example {@code --cluster-enabled yes}); relative paths in them are inside the server's folder.
     */
    public static LocalRedisServer start(Path binary, List<String> extraArgs) {
        try {
            Path dir = Files.createTempDirectory("qscale-redis-");
            LocalRedisServer server = new LocalRedisServer(binary, freePort(), dir, extraArgs);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start redis-server " + binary, e);
        }
    }

    /**
     * Finds the binary: an explicit path, {@code embedded}, or (when {@code requested} is null or
     * blank) {@code redis-server} on the PATH and then the shipped one.
     */
    public static Path locateBinary(String requested) {
        if (requested != null && !requested.isBlank()) {
            if (requested.equals("embedded")) {
                return extractShippedBinary();
            }
            Path explicit = Path.of(requested);
            if (!Files.isExecutable(explicit)) {
                throw new IllegalStateException(BINARY_ENV + " names " + requested
                        + ", which is not an executable file");
            }
            return explicit;
        }
        return onPath("redis-server").orElseGet(LocalRedisServer::extractShippedBinary);
    }

    static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static Path extractShippedBinary() {
        String resource = shippedResourceName();
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "qscale-" + resource);
        if (Files.isExecutable(target)) {
            return target;
        }
        try (InputStream in = LocalRedisServer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no redis-server on the PATH and the embedded-redis jar"
                        + " (which carries " + resource + ") is not on the class path");
            }
            Path partial = Files.createTempFile(target.getParent(), "qscale-redis", ".partial");
            Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rwxr-xr-x"));
            // Atomic so that parallel test JVMs never run a half-written file.
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract " + resource, e);
        }
    }

    private static String shippedResourceName() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean arm = arch.contains("aarch64") || arch.contains("arm64");
        if (os.contains("linux")) {
            return arm ? "redis-server-6.2.7-linux-arm64" : "redis-server-6.2.6-v5-linux-amd64";
        }
        if (os.contains("mac")) {
            return arm ? "redis-server-6.2.6-v5-darwin-arm64" : "redis-server-6.2.6-v5-darwin-amd64";
        }
        throw new IllegalStateException("no shipped redis-server for " + os + "/" + arch
                + "; install redis-server or set " + BINARY_ENV);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", workDir.toString(),
                "--logfile", workDir.resolve("redis.log").toString()));
        command.addAll(extraArgs);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve("stdout.log").toFile())
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue()
                        + " on start; see " + workDir.resolve("redis.log"));
            }
            if (answersPing()) {
                return;
            }
            sleepQuietly(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server did not answer PING on port " + port
                + " within " + START_TIMEOUT.toSeconds() + " s");
    }

    private boolean answersPing() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            socket.setSoTimeout(500);
            socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] reply = new byte[5];
            int read = socket.getInputStream().readNBytes(reply, 0, 5);
            // NOAUTH: a server started with requirepass or without a default user is up as well.
            String answer = new String(reply, 0, Math.max(0, read), StandardCharsets.US_ASCII);
            return read == 5 && (answer.equals("+PONG") || answer.equals("-NOAU"));
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }

    /** The port the server listens on (kept across {@link #restart()}). */
    public int port() {
        return port;
    }

    /** A Lettuce-style URI: {@code redis://127.0.0.1:PORT}. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** The binary in use. */
    public Path binary() {
        return binary;
    }

    /** Whether the process is running. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Kills the server at once (SIGKILL): connections drop, nothing is saved. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    /** Starts the server again on the same port (after {@link #kill()} or {@link #close()}). */
    public void restart() {
        if (isRunning()) {
            kill();
        }
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException("could not restart redis-server", e);
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server on port " + port + " did not exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server (SIGTERM, then SIGKILL if it lingers). */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    @Override
    public String toString() {
        return "LocalRedisServer[" + uri() + ", " + binary + "]";
    }
}
