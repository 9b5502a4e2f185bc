package io.qscale.manager.local;

import io.qscale.manager.scaler.InstanceExit;
import io.qscale.manager.scaler.Scaler;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.manager.scaler.ScalerProvider;
import io.qscale.manager.scaler.ScalerException;
import io.qscale.manager.scaler.ScalerInstance;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.qscale.core.redis.RedisEndpoint;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Workers as child processes of the manager, started without a shell. Each gets its worker id
 * and the Redis URI through its environment, writes its output to {@code <logDir>/<id>.log} and
 * leaves {@code <stateDir>/<id>.pid} (pid and start time). Stopping is SIGTERM (the worker drains
 * itself) and SIGKILL after the grace time. When the manager closes, it stops its children. A
 * manager that starts again adopts the children listed in the state folder that are still
 * running (same pid, same start time), and forgets the rest. Not thread-safe: the manager calls it from one thread.
 *
 * <p>Settings: {@code command} (whitespace-separated; default: this JVM running the demo
 * worker from its own light jar, see {@link LightWorker}, else from this class path), {@code args} (appended), {@code logDir} and {@code stateDir} (default
 * {@code <tmp>/qscale-<queue>}), {@code stopGraceMs} (default 35000: the worker's own 30 s plus
 * a margin).
 */
public final class LocalProcessScaler implements Scaler {

    private static final Logger LOG = LoggerFactory.getLogger(LocalProcessScaler.class);
    /** Named, not linked: the manager needs no compile-time dependency on the demo worker. */
    public static final String DEMO_WORKER_MAIN = "io.qscale.worker.demo.DemoWorkerMain";

    private final ScalerContext context;
    private final List<String> command;
    private final Path logDir;
    private final Path stateDir;
    private final Duration stopGrace;
    private final Map<String, Child> children = new LinkedHashMap<>();
    private final List<InstanceExit> exits = new ArrayList<>();

    /** A worker process; {@code started} is present for the ones this scaler started (it has the exit code). */
    private record Child(ProcessHandle process, Optional<Process> started, Instant startedAt) {
    }

    private LocalProcessScaler(ScalerContext context) throws ScalerException {
        LocalSettings settings = LocalSettings.from(context);
        this.context = context;
        this.command = command(settings, context.queue());
        this.logDir = settings.logDir();
        this.stateDir = settings.stateDir();
        this.stopGrace = settings.stopGrace();
        try {
            Files.createDirectories(logDir);
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new ScalerException("cannot create " + logDir + " or " + stateDir + ": " + e.getMessage(), e);
        }
        adopt();
    }

    /** The provider for "local". */
    public static LocalProcessScaler create(ScalerContext context) throws ScalerException {
        return new LocalProcessScaler(context);
    }

    private static List<String> command(LocalSettings settings, String queue) {
        List<String> command = new ArrayList<>();
        if (settings.command().isEmpty()) {
            command.addAll(LightWorker.find(codeLocation()).map(LightWorker::command).orElseGet(() -> List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), DEMO_WORKER_MAIN)));
        } else {
            command.addAll(settings.command());
        }
        command.addAll(settings.args());
        command.add("--queue");
        command.add(queue);
        return List.copyOf(command);
    }

    /** Where this class was loaded from (a jar, or a classes folder). */
    private static Optional<Path> codeLocation() {
        try {
            return Optional.of(Path.of(LocalProcessScaler.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    @Override
    public String name() {
        return "local";
    }

    @Override
    public boolean sharesHost() {
        return true;
    }

    /**
     * Children left by an earlier manager of this queue: a pid file names the pid and the start
     * time of the process; a live process with both (so not a reused pid) is adopted, any other
     * pid file is forgotten. (The command line cannot serve: Java truncates it to 4096 chars.)
     */
    private void adopt() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(stateDir, "*.pid")) {
            for (Path file : files) {
                String id = file.getFileName().toString().replaceFirst("\\.pid$", "");
                Optional<ProcessHandle> process = readPidFile(file).flatMap(entry -> {
                    Optional<ProcessHandle> handle = ProcessHandle.of(entry.pid());
                    Adoption adoption = Adoption.decide(new Adoption.Recorded(entry.pid(), entry.startedMillis()),
                            handle.map(ProcessHandle::isAlive).orElse(false),
                            handle.flatMap(h -> h.info().startInstant()).map(start -> OptionalLong.of(start.toEpochMilli()))
                                    .orElse(OptionalLong.empty()),
                            handle.flatMap(h -> h.info().command()));
                    if (adoption.adopt() && !adoption.reason().startsWith("same")) {
                        LOG.warn("worker {}: {}", id, adoption.reason());
                    }
                    return adoption.adopt() ? handle : Optional.empty();
                });
                if (process.isPresent()) {
                    Instant started = process.get().info().startInstant().orElse(Instant.now());
                    children.put(id, new Child(process.get(), Optional.empty(), started));
                    LOG.info("adopted worker {} (pid {}) left by an earlier manager", id, process.get().pid());
                } else {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", stateDir, e.getMessage());
        }
    }

    private record PidFile(long pid, long startedMillis) {
    }

    /** "pid startEpochMillis" */
    private static Optional<PidFile> readPidFile(Path file) {
        try {
            String[] parts = Files.readString(file).trim().split("\\s+");
            return Optional.of(new PidFile(Long.parseLong(parts[0]), parts.length > 1 ? Long.parseLong(parts[1]) : -2));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<ScalerInstance> instances() {
        children.entrySet().removeIf(entry -> {
            if (entry.getValue().process().isAlive()) {
                return false;
            }
            Child child = entry.getValue();
            OptionalInt code = child.started().map(process -> OptionalInt.of(process.exitValue())).orElse(OptionalInt.empty());
            exits.add(new InstanceExit(entry.getKey(), code, context.redis().masked(lastLine(logDir.resolve(entry.getKey() + ".log"))),
                    Instant.now()));
            deletePidFile(entry.getKey());
            return true;
        });
        List<ScalerInstance> running = new ArrayList<>();
        children.forEach((id, child) -> running.add(
                new ScalerInstance(id, Long.toString(child.process().pid()), child.startedAt())));
        return running;
    }

    /** Children that ended by themselves, found by {@link #instances()}; each reported once. */
    @Override
    public List<InstanceExit> exits() {
        List<InstanceExit> ended = List.copyOf(exits);
        exits.clear();
        return ended;
    }

    /** The last non-blank line of a worker's log (its output and errors), or "" when there is none. */
    static String lastLine(Path log) {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            int tail = (int) Math.min(length, 4096);
            byte[] bytes = new byte[tail];
            file.seek(length - tail);
            file.readFully(bytes);
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\\R");
            for (int i = lines.length - 1; i >= 0; i--) {
                if (!lines[i].isBlank()) {
                    String line = lines[i].strip();
                    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
                }
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public List<ScalerInstance> start(int count) throws ScalerException {
        List<ScalerInstance> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = context.queue() + "-local-" + UUID.randomUUID().toString().substring(0, 8);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logDir.resolve(id + ".log").toFile()));
            builder.environment().put("QSCALE_WORKER_ID", id);
            builder.environment().put("REDIS_URL", context.redis().secretUri());
            context.redis().trustedCa().ifPresent(ca -> builder.environment().put(
                    RedisEndpoint.CA_ENV, ca.toAbsolutePath().toString()));
            try {
                Process process = builder.start();
                long startedMillis = process.toHandle().info().startInstant().map(Instant::toEpochMilli).orElse(-1L);
                Files.writeString(stateDir.resolve(id + ".pid"), process.pid() + " " + startedMillis);
                Instant now = Instant.now();
                children.put(id, new Child(process.toHandle(), Optional.of(process), now));
                started.add(new ScalerInstance(id, Long.toString(process.pid()), now));
            } catch (IOException e) {
                throw new ScalerException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
            }
        }
        return started;
    }

    @Override
    public void stop(Collection<String> workerIds) {
        List<ProcessHandle> stopping = new ArrayList<>();
        for (String id : workerIds) {
            Child child = children.remove(id);
            if (child != null && child.process().isAlive()) {
                child.process().destroy();
                stopping.add(child.process());
            }
            deletePidFile(id);
        }
        long deadline = System.nanoTime() + stopGrace.toNanos();
        for (ProcessHandle process : stopping) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                process.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                LOG.warn("worker pid {} did not stop within {}; killing it", process.pid(), stopGrace);
                process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            } catch (ExecutionException e) {
                process.destroyForcibly();
            }
        }
    }

    private void deletePidFile(String id) {
        try {
            Files.deleteIfExists(stateDir.resolve(id + ".pid"));
        } catch (IOException e) {
            LOG.warn("cannot delete the pid file of {}: {}", id, e.getMessage());
        }
    }

    /** Stops every child: a manager that exits leaves no worker behind. */
    @Override
    public void close() {
        stop(new ArrayList<>(children.keySet()));
    }

    /** Makes this scaler for {@code scaler.type: local}; found through {@link java.util.ServiceLoader}. */
    public static final class Provider implements ScalerProvider {
        @Override
        public String name() {
            return "local";
        }

        @Override
        public Scaler create(ScalerContext context) throws ScalerException {
            return LocalProcessScaler.create(context);
        }
    }
}
