package io.qscale.bench;

import io.lettuce.core.ScoredValue;
import io.qscale.core.protocol.QueueKeys;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code qscale manager} process (the built qscale.jar, local scaler) on a fresh queue, and
 * the first heartbeat of every worker it starts, seen by polling the registry every few
 * milliseconds. Not thread-safe. Closing stops the manager, which stops its workers.
 */
final class ManagerRun implements AutoCloseable {

    private final BenchContext context;
    private final QueueKeys keys;
    private final Process manager;
    /** Worker id to its first heartbeat (server ms): the score when it first appeared. */
    private final Map<String, Long> firstSeen = new LinkedHashMap<>();

    private ManagerRun(BenchContext context, QueueKeys keys, Process manager) {
        this.context = context;
        this.keys = keys;
        this.manager = manager;
    }

    static ManagerRun start(BenchContext context, String label, String... modeArgs) throws IOException {
        QueueKeys keys = new QueueKeys(BenchContext.queue(label));
        List<String> command = new ArrayList<>(List.of(BenchContext.java(), "-jar", context.qscaleJar().toString(), "manager"));
        command.addAll(List.of(modeArgs));
        command.addAll(List.of("--redis", context.redisUri(), "--queue", keys.queueName(), "--no-http",
                "--scaler-setting", "logDir=" + context.scratch().resolve(keys.queueName()),
                "--scaler-setting", "stateDir=" + context.scratch().resolve(keys.queueName())));
        Process manager = context.start(command, Map.of(), keys.queueName() + "-manager");
        return new ManagerRun(context, keys, manager);
    }

    QueueKeys keys() {
        return keys;
    }

    Process process() {
        return manager;
    }

    /** Polls the registry once; returns the workers seen so far with their first heartbeat. */
    Map<String, Long> poll() {
        for (ScoredValue<String> member : context.redis().commands().zrangeWithScores(keys.workers(), 0, -1)) {
            firstSeen.putIfAbsent(member.getValue(), (long) member.getScore());
        }
        if (!manager.isAlive()) {
            throw new IllegalStateException("the manager exited with " + manager.exitValue() + "; see "
                    + context.scratch().resolve(keys.queueName() + "-manager.log"));
        }
        return firstSeen;
    }

    /** Waits (polling every 5 ms) until {@code count} workers have heartbeated. */
    Map<String, Long> awaitWorkers(int count, long timeoutMillis, Progress progress) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (poll().size() < count) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the manager did not start " + count + " workers within " + timeoutMillis
                        + " ms; see " + context.scratch());
            }
            progress.update("waiting for " + count + " worker(s)");
            BenchContext.sleep(5);
        }
        return firstSeen;
    }

    /** A worker's process start, from the pid in its registry entry. */
    Optional<Instant> processStart(String workerId) {
        String pid = context.redis().commands().hget(keys.worker(workerId), "pid");
        return pid == null ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(pid)).flatMap(handle -> handle.info().startInstant());
    }

    Optional<Long> workerPid(String workerId) {
        return Optional.ofNullable(context.redis().commands().hget(keys.worker(workerId), "pid")).map(Long::parseLong);
    }

    long serverMillis() {
        return context.redis().serverMillis();
    }

    @Override
    public void close() {
        BenchContext.stop(manager);
    }
}
