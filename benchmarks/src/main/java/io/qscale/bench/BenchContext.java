package io.qscale.bench;

import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import com.sun.management.OperatingSystemMXBean;
import io.qscale.manager.local.LightWorker;
import java.util.HashMap;

/**
 * What every part shares: the source tree (for the jars), one Redis server started for the run
 * on a free port (qscale and its peers use the same one), a session to it, the report, and the
 * processes the parts start (all stopped on close). Not thread-safe.
 */
final class BenchContext implements AutoCloseable {

    /** Timings for the benchmarks' own reads: a long dead-after, so 10,000 idle workers stay alive while counted. */
    static final ProtocolSettings SETTINGS = ProtocolSettings.defaults().withHeartbeat(Duration.ofSeconds(1), Duration.ofSeconds(120));

    private final Path root;
    private final boolean smoke;
    private final Report report;
    private final LocalRedisServer redis;
    private final RedisSession session;
    private final List<Process> processes = new ArrayList<>();
    private final Path scratch;
    private final Map<String, Double> remembered = new HashMap<>();

    private BenchContext(Path root, boolean smoke, Report report, LocalRedisServer redis, RedisSession session, Path scratch) {
        this.root = root;
        this.smoke = smoke;
        this.report = report;
        this.redis = redis;
        this.session = session;
        this.scratch = scratch;
    }

    static BenchContext open(Path root, boolean smoke, Report report) throws IOException {
        LocalRedisServer redis = LocalRedisServer.start();
        RedisSession session = RedisSession.connect(RedisEndpoint.parse("redis", redis.uri()));
        Path scratch = Files.createTempDirectory("qscale-bench-");
        return new BenchContext(root, smoke, report, redis, session, scratch);
    }

    Path root() {
        return root;
    }

    boolean smoke() {
        return smoke;
    }

    Report report() {
        return report;
    }

    RedisSession redis() {
        return session;
    }

    String redisUri() {
        return redis.uri();
    }

    int redisPort() {
        return redis.port();
    }

    Path redisBinary() {
        return redis.binary();
    }

    Path scratch() {
        return scratch;
    }

    /** Keeps a figure for a later part (the drain compares itself with redis-benchmark). */
    void remember(String name, double value) {
        remembered.put(name, value);
    }

    Optional<Double> recall(String name) {
        return Optional.ofNullable(remembered.get(name));
    }

    String redisVersion() {
        String info = session.commands().info("server");
        return info.lines().filter(line -> line.startsWith("redis_version:")).map(line -> line.substring(14).trim())
                .findFirst().orElse("?");
    }

    String machine() {
        long memory = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        return Runtime.getRuntime().availableProcessors() + " cores, " + (memory >> 30) + " GiB, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }

    /** A fresh queue name for one run. */
    static String queue(String what) {
        return "bench-" + what + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    Path workerJar() {
        return require(root.resolve("demo-worker/target/qscale-worker.jar"));
    }

    Path qscaleJar() {
        return require(root.resolve("dashboard-cli/target/qscale.jar"));
    }

    private static Path require(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first (./mvnw -B -DskipTests package)");
        }
        return jar;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The light worker's command, exactly as the local scaler builds it. */
    List<String> lightWorker() {
        workerJar();
        return LightWorker.in(root.resolve("demo-worker/target")).orElseThrow().command();
    }

    /** Starts a process whose output goes to a log file in the scratch folder; stopped on close. */
    Process start(List<String> command, Map<String, String> env, String logName) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(scratch.resolve(logName + ".log").toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        processes.add(process);
        return process;
    }

    /** The resident set of a process in bytes (Linux: /proc), if known. */
    static Optional<Long> rss(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Finds a program on the PATH. */
    static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops a process: SIGTERM, then SIGKILL after a few seconds. */
    static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        processes.forEach(process -> {
            if (process.isAlive()) {
                stop(process);
            }
        });
        session.close();
        redis.close();
    }
}
