package io.qscale.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qscale.core.control.ManagerMode;
import io.qscale.core.control.ManagerModes;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskEnvelope;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerInfo;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.worker.demo.DemoTaskHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite, after GitLab's reliable-fetch test: 10 workers drain 2,000 tasks whose
 * handler records every task id it completes, while half the workers are killed with
 * {@code kill -9} (and replaced by the manager), Redis (AOF on) is restarted, the manager scales
 * the pool down under load, and the leader manager is killed. Every id must be completed at
 * least once; a duplicate is allowed only for a task a killed worker held. Real processes: two
 * {@code qscale manager} JVMs with the local scaler, their worker JVMs, a real redis-server.
 */
class ChaosIT {

    private static final int TASKS = 2000;
    private static final Path JAR = Path.of("target", "qscale.jar");
    private static final String QUEUE = "chaos";

    private final List<Process> managers = new ArrayList<>();

    @Test
    void noTaskIsLostAcrossKillNineARedisRestartAScaleDownAndALeaderLoss() throws Exception {
        assertThat(JAR).as("the qscale jar is built by the package phase").exists();
        Path work = Files.createTempDirectory("qscale-chaos");
        Path records = Files.createDirectories(work.resolve("records"));
        Path state = Files.createDirectories(work.resolve("state"));
        try (LocalRedisServer redisServer = LocalRedisServer.start(
                LocalRedisServer.locateBinary(System.getenv(LocalRedisServer.BINARY_ENV)),
                List.of("--appendonly", "yes", "--appendfsync", "always"));
                RedisSession redis = RedisSession.connect(RedisEndpoint.parse("test", redisServer.uri()))) {
            QueueKeys keys = new QueueKeys(QUEUE);
            WorkerRegistry registry = new WorkerRegistry(redis, keys, ProtocolSettings.defaults());
            Process leader = startManager("m1", redisServer.uri(), records, state, work);
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> alive(registry) == 10);
            Process standby = startManager("m2", redisServer.uri(), records, state, work);

            TaskQueue queue = new TaskQueue(redis, keys, ProtocolSettings.defaults(), Clock.systemUTC());
            List<TaskEnvelope> tasks = new ArrayList<>();
            for (int i = 0; i < TASKS; i++) {
                tasks.add(TaskEnvelope.create("record", io.qscale.core.json.Json.mapper().createObjectNode().put("ms", 100),
                        Instant.now()));
            }
            Instant started = Instant.now();
            queue.enqueueAll(tasks);
            Set<String> ids = new HashSet<>(tasks.stream().map(TaskEnvelope::id).toList());

            // 1. kill -9 half the workers mid-task; the manager replaces them.
            awaitDone(records, TASKS * 3 / 10);
            Set<String> inFlightOfKilled = new HashSet<>();
            Instant killedAt = Instant.now();
            List<WorkerInfo> victims = registry.workers().stream().filter(WorkerInfo::alive).limit(5).toList();
            for (WorkerInfo victim : victims) {
                inFlightOfKilled.addAll(redis.commands().lrange(keys.processing(victim.id()), 0, -1).stream()
                        .map(ChaosIT::idOf).toList());
                ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
            progress("killed 5 workers with kill -9 (" + inFlightOfKilled.size() + " tasks in flight)", records);

            // 2. Restart Redis (AOF, fsync always) under load.
            awaitDone(records, TASKS / 2);
            redisServer.restart();
            progress("restarted redis-server", records);

            // 3. The manager scales down under load (drain-first).
            awaitDone(records, TASKS * 13 / 20);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                new ManagerModes(redis, keys).set(ManagerMode.manual(6));
                return true;
            });
            progress("mode manual:6", records);

            // 4. The leader manager dies (kill -9); the standby takes over.
            awaitDone(records, TASKS * 8 / 10);
            String leaderId = redis.commands().get(keys.leader());
            Process killedManager = "m1".equals(leaderId) ? leader : standby;
            killedManager.destroyForcibly();
            progress("killed the leader manager " + leaderId + " with kill -9", records);

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> done(records).keySet()
                    .containsAll(ids));
            Duration took = Duration.between(started, Instant.now());
            Map<String, Integer> done = done(records);
            Map<String, Integer> maxAttempts = attempts(records);
            long lost = ids.stream().filter(id -> !done.containsKey(id)).count();
            List<String> duplicated = done.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
            long recovered = maxAttempts.values().stream().filter(a -> a > 1).count();
            Instant recoveredAt = recordTimes(records, inFlightOfKilled);
            System.out.printf("ChaosIT: %d tasks in %d s: lost %d, duplicated %d (in flight in killed workers %d),"
                    + " run again after a failure %d, kill -9 to the last of their tasks done again %s%n", TASKS, took.toSeconds(), lost,
                    duplicated.size(), inFlightOfKilled.size(), recovered,
                    recoveredAt == null ? "n/a" : Duration.between(killedAt, recoveredAt).toMillis() + " ms");

            assertThat(lost).as("lost tasks").isZero();
            assertThat(inFlightOfKilled).as("only a killed worker's task may run twice").containsAll(duplicated);
            assertThat(queue.length()).isZero();
            assertThat(queue.deadLetters(10)).isEmpty();
        } finally {
            managers.forEach(Process::destroy);
            for (Process manager : managers) {
                manager.waitFor();
            }
            stopWorkers(state);
        }
    }

    private Process startManager(String id, String redis, Path records, Path state, Path work) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString(), "manager", "--redis", redis, "--queue", QUEUE, "--id", id, "--manual-scale", "10",
                "--no-http", "--scaler-setting", "stateDir=" + state, "--scaler-setting", "logDir=" + work,
                "--scaler-setting", "stopGraceMs=10000");
        builder.environment().put(DemoTaskHandler.RECORD_DIR_ENV, records.toString());
        Process process = builder.redirectErrorStream(true).redirectOutput(work.resolve(id + ".log").toFile()).start();
        managers.add(process);
        return process;
    }

    private static long alive(WorkerRegistry registry) {
        return registry.workers().stream().filter(WorkerInfo::alive).count();
    }

    private static void awaitDone(Path records, int count) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).until(() -> done(records).size() >= count);
    }

    private static void progress(String what, Path records) {
        System.out.printf("ChaosIT: %s at %d of %d done%n", what, done(records).size(), TASKS);
    }

    private static String idOf(String raw) {
        try {
            return io.qscale.core.json.Json.mapper().readTree(raw).path("id").asText();
        } catch (IOException e) {
            return raw;
        }
    }

    /** Every completion line of every worker: id → how many times it was completed. */
    private static Map<String, Integer> done(Path records) {
        Map<String, Integer> counts = new HashMap<>();
        lines(records).forEach(line -> counts.merge(line.split(" ")[0], 1, Integer::sum));
        return counts;
    }

    private static Map<String, Integer> attempts(Path records) {
        Map<String, Integer> attempts = new HashMap<>();
        lines(records).forEach(line -> attempts.merge(line.split(" ")[0], Integer.parseInt(line.split(" ")[1]), Math::max));
        return attempts;
    }

    /** When the last of {@code ids} was first completed (the recovery's end), or null. */
    private static Instant recordTimes(Path records, Set<String> ids) {
        Map<String, Long> first = new HashMap<>();
        lines(records).stream().map(line -> line.split(" ")).filter(f -> ids.contains(f[0]))
                .forEach(f -> first.merge(f[0], Long.parseLong(f[2]), Math::min));
        return first.size() < ids.size() ? null : Instant.ofEpochMilli(first.values().stream().max(Long::compare).orElseThrow());
    }

    private static List<String> lines(Path records) {
        Supplier<List<String>> read = () -> {
            List<String> all = new ArrayList<>();
            try (Stream<Path> files = Files.list(records)) {
                for (Path file : files.toList()) {
                    Files.readAllLines(file).stream().filter(line -> line.contains(" ")).forEach(all::add);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return all;
        };
        return read.get();
    }

    /** Workers outlive a killed manager: stop every one the local scalers left a pid file for. */
    private static void stopWorkers(Path state) throws IOException {
        try (Stream<Path> files = Files.list(state)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                String pid = Files.readString(file).trim().split("\\s+")[0];
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains("--queue " + QUEUE)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }
}
