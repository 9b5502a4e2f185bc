package io.qscale.worker.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.qscale.core.protocol.TaskEnvelope;
import io.qscale.worker.PermanentTaskFailure;
import io.qscale.worker.TaskHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Demo tasks that make load visible. Types: {@code sleep} (wait {@code ms}), {@code cpu} (burn
 * one core for {@code ms}), {@code fail} (wait {@code ms}, then fail with probability
 * {@code failRate}, default 1), {@code noop} (return at once) and {@code raw} (a foreign item:
 * wait the default time), and {@code record} (wait {@code ms}, then append the task's id, its
 * attempt and the time to a file of this process in the folder {@code QSCALE_RECORD_DIR} names: the chaos
 * suite counts every completion per task id this way). Any type honours {@code failRate}
 * (default 0). Other types and bad payload fields are permanent failures. Thread-safe if the
 * random generator is.
 */
public final class DemoTaskHandler implements TaskHandler {

    /** Processing time of a task whose payload names none: a few seconds, so scaling is visible. */
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(3);

    /** Where {@code record} tasks write, one file per process (environment variable). */
    public static final String RECORD_DIR_ENV = "QSCALE_RECORD_DIR";

    private final Duration defaultDuration;
    private final RandomGenerator random;
    private final Optional<Path> recordFile;

    public DemoTaskHandler(Duration defaultDuration, RandomGenerator random) {
        this(defaultDuration, random, Optional.empty());
    }

    /** With {@code recordDir}, {@code record} tasks append to {@code <recordDir>/<pid>.ids}. */
    public DemoTaskHandler(Duration defaultDuration, RandomGenerator random, Optional<Path> recordDir) {
        this.defaultDuration = defaultDuration;
        this.random = random;
        this.recordFile = recordDir.map(dir -> dir.resolve(ProcessHandle.current().pid() + ".ids"));
    }

    @Override
    public void handle(TaskEnvelope task) throws Exception {
        JsonNode payload = task.payload();
        switch (task.type()) {
            case "noop" -> {
                return;
            }
            case "sleep", "raw" -> Thread.sleep(millis(payload).toMillis());
            case "cpu" -> burn(millis(payload));
            case "record" -> {
                Thread.sleep(millis(payload).toMillis());
                record(task);
            }
            case "fail" -> {
                Thread.sleep(millis(payload).toMillis());
                if (random.nextDouble() < failRate(payload, 1.0)) {
                    throw new DemoFailure("simulated failure");
                }
                return;
            }
            default -> throw new PermanentTaskFailure("unknown task type '" + task.type()
                    + "'; the demo worker handles sleep, cpu, fail, noop, record and raw");
        }
        if (random.nextDouble() < failRate(payload, 0.0)) {
            throw new DemoFailure("simulated failure");
        }
    }

    private Duration millis(JsonNode payload) throws PermanentTaskFailure {
        JsonNode ms = payload.isObject() ? payload.get("ms") : null;
        if (ms == null || ms.isNull()) {
            return defaultDuration;
        }
        if (!ms.canConvertToLong() || !ms.isIntegralNumber() || ms.asLong() < 0 || ms.asLong() > 3_600_000) {
            throw new PermanentTaskFailure("payload field ms must be a whole number from 0 to 3600000, but was " + ms);
        }
        return Duration.ofMillis(ms.asLong());
    }

    /** One line per completion, written before the ack: a kill between the two shows as a duplicate, never a loss. */
    private synchronized void record(TaskEnvelope task) throws IOException, PermanentTaskFailure {
        Path file = recordFile.orElseThrow(() -> new PermanentTaskFailure("record tasks need " + RECORD_DIR_ENV));
        Files.writeString(file, task.id() + " " + task.attempts() + " " + System.currentTimeMillis() + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    private static double failRate(JsonNode payload, double fallback) throws PermanentTaskFailure {
        JsonNode rate = payload.isObject() ? payload.get("failRate") : null;
        if (rate == null || rate.isNull()) {
            return fallback;
        }
        if (!rate.isNumber() || rate.asDouble() < 0 || rate.asDouble() > 1) {
            throw new PermanentTaskFailure("payload field failRate must be a number from 0 to 1, but was " + rate);
        }
        return rate.asDouble();
    }

    private static void burn(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        long x = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x += i * 31L ^ x;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("cpu task interrupted");
            }
        }
        if (x == 42) {
            Thread.onSpinWait(); // keeps the loop from being optimised away
        }
    }

    /** A simulated, retryable failure. */
    static final class DemoFailure extends Exception {
        private static final long serialVersionUID = 1L;

        DemoFailure(String message) {
            super(message);
        }
    }
}
