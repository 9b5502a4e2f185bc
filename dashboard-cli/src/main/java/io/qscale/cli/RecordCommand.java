package io.qscale.cli;

import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.manager.config.QscaleConfig;
import io.qscale.sim.Trace;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code qscale record}: writes a trace of a live queue for {@code qscale simulate --trace}: once a
 * second, the arrivals and the mean processing time of that second, read from the statistics
 * buckets the protocol's scripts already keep (docs/protocol.md). Not thread-safe (picocli fills it once).
 */
@Command(name = "record", mixinStandardHelpOptions = true, versionProvider = QscaleCommand.Version.class,
        description = "Records a live queue's traffic (arrivals and processing times per second) as a trace file for qscale simulate.")
final class RecordCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private ConnectionOptions connection;

    @Option(names = "--duration", paramLabel = "D", required = true, description = "How long to record: 90s, 15m, 2h (whole seconds, at most 7 days).")
    private String duration;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "The trace file to write (CSV: second,arrivals,serviceMs).")
    private Path out;

    @Option(names = "--service-ms", defaultValue = "1000",
            description = "Processing time written before any task has finished. Default: ${DEFAULT-VALUE}")
    private long serviceMs;

    @Override
    public Integer call() throws IOException, InterruptedException {
        RedisEndpoint endpoint = QscaleCommand.parse(spec, connection::endpoint);
        QueueKeys keys = QscaleCommand.parse(spec, connection::keys);
        Duration length = parseDuration(duration);
        if (serviceMs < 1) {
            throw new ParameterException(spec.commandLine(), "--service-ms must be at least 1, but was " + serviceMs);
        }
        PrintWriter err = spec.commandLine().getErr();
        long bucketSeconds = ProtocolSettings.defaults().statsBucket().toSeconds();
        List<Trace.Second> rows = new ArrayList<>();
        Map<Long, long[]> seen = new HashMap<>();
        long lastService = serviceMs;
        try (RedisSession redis = RedisSession.connect(endpoint)) {
            long start = redis.serverMillis();
            // What the buckets held before the recording began is not part of it.
            delta(redis, keys, seen, start, bucketSeconds);
            for (int second = 1; second <= length.toSeconds(); second++) {
                long due = start + second * 1000L;
                long now = redis.serverMillis();
                if (due > now) {
                    Thread.sleep(due - now);
                }
                long[] change = delta(redis, keys, seen, due, bucketSeconds);
                if (change[1] > 0) {
                    lastService = Math.max(1, Math.round((double) change[2] / change[1]));
                }
                rows.add(new Trace.Second((int) Math.min(1_000_000, change[0]), lastService));
                err.print("\r[record] " + second + "/" + length.toSeconds() + " s, " + rows.stream().mapToLong(Trace.Second::arrivals).sum()
                        + " arrivals");
                err.flush();
            }
        }
        err.println();
        Files.writeString(out, new Trace(out.getFileName().toString(), rows).toCsv(), StandardCharsets.UTF_8);
        spec.commandLine().getOut().println("recorded " + rows.size() + " s of queue " + keys.queueName() + " to " + out);
        return 0;
    }

    /** Arrivals, timed tasks and their summed milliseconds counted since the previous call (current and previous bucket). */
    private static long[] delta(RedisSession redis, QueueKeys keys, Map<Long, long[]> seen, long atMillis, long bucketSeconds) {
        long current = Math.floorDiv(atMillis / 1000, bucketSeconds) * bucketSeconds;
        long[] change = new long[3];
        for (long bucket : new long[] {current - bucketSeconds, current}) {
            Map<String, String> fields = redis.commands().hgetall(keys.stats(bucket));
            long[] now = {value(fields, "a"), value(fields, "n"), value(fields, "s")};
            long[] before = seen.getOrDefault(bucket, new long[3]);
            for (int i = 0; i < 3; i++) {
                change[i] += Math.max(0, now[i] - before[i]);
            }
            seen.put(bucket, now);
        }
        seen.keySet().removeIf(bucket -> bucket < current - bucketSeconds);
        return change;
    }

    private static long value(Map<String, String> fields, String name) {
        String value = fields.get(name);
        return value == null ? 0 : Long.parseLong(value);
    }

    private Duration parseDuration(String text) {
        try {
            Duration d = QscaleConfig.duration("--duration", text);
            if (d.toMillis() < 1000 || d.toSeconds() > Trace.MAX_SECONDS) {
                throw new IllegalArgumentException("--duration must be from 1s to 7 days, but was '" + text + "'");
            }
            return d;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
