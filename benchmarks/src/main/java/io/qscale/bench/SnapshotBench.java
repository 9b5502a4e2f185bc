package io.qscale.bench;

import io.qscale.core.metrics.HostMetrics;
import io.qscale.core.metrics.MetricsCollector;
import io.qscale.core.metrics.WorkerCensus;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskEnvelope;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerActivity;
import io.qscale.core.protocol.WorkerIdentity;
import io.qscale.core.protocol.WorkerLoad;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import io.lettuce.core.ScriptOutputType;

/**
 * The snapshot script at 1,000 and 10,000 live workers (a third of them busy, a tenth of the
 * slots' workers reporting CPU) against the per-worker reads it replaced (a census, pipelined),
 * and a check that both count the same.
 */
final class SnapshotBench {

    private final BenchContext context;

    SnapshotBench(BenchContext context) {
        this.context = context;
    }

    void run() {
        for (int workers : context.smoke() ? new int[] {100, 1_000} : new int[] {1_000, 10_000}) {
            measure(workers);
        }
    }

    private void measure(int workers) {
        Progress progress = new Progress("snapshot " + workers);
        QueueKeys keys = new QueueKeys(BenchContext.queue("snapshot"));
        WorkerRegistry registry = new WorkerRegistry(context.redis(), keys, BenchContext.SETTINGS);
        TaskQueue queue = new TaskQueue(context.redis(), keys, BenchContext.SETTINGS, Clock.systemUTC());
        for (int i = 0; i < workers; i++) {
            WorkerLoad load = i % 10 == 0 ? WorkerLoad.of((i % 7) / 10.0, 0.5) : WorkerLoad.UNKNOWN;
            registry.heartbeat(new WorkerIdentity("w" + i, "bench", i, Instant.EPOCH, "bench"), false, load,
                    new WorkerActivity(1 + i % 4, ""));
            progress.update("registering workers " + (i + 1) + "/" + workers);
        }
        List<TaskEnvelope> tasks = new ArrayList<>();
        for (int i = 0; i < workers / 3; i++) {
            tasks.add(TaskEnvelope.create("noop", null, Instant.now()));
        }
        queue.enqueueAll(tasks);
        for (int i = 0; i < workers / 3; i++) {
            queue.claimNow("w" + (i * 3));
            progress.update("claiming tasks " + (i + 1) + "/" + workers / 3);
        }
        MetricsCollector collector = new MetricsCollector(context.redis(), keys, BenchContext.SETTINGS, HostMetrics.NONE);
        WorkerCensus census = new WorkerCensus(context.redis(), keys, BenchContext.SETTINGS);
        int rounds = context.smoke() ? 20 : 300;
        List<Double> snapshotMs = new ArrayList<>();
        MetricsSnapshot last = null;
        for (int i = 0; i < rounds + rounds / 5; i++) {
            long start = System.nanoTime();
            last = collector.snapshot();
            double ms = (System.nanoTime() - start) / 1e6;
            if (i >= rounds / 5) {
                snapshotMs.add(ms); // the first fifth warms up
            }
            progress.update("snapshot script " + (i + 1) + "/" + (rounds + rounds / 5));
        }
        int censusRounds = context.smoke() ? 3 : 15;
        List<Double> censusMs = new ArrayList<>();
        WorkerCensus.Census counted = null;
        for (int i = 0; i < censusRounds + 2; i++) {
            long start = System.nanoTime();
            counted = census.take();
            if (i >= 2) {
                censusMs.add((System.nanoTime() - start) / 1e6);
            }
            progress.update("per-worker reads " + (i + 1) + "/" + (censusRounds + 2));
        }
        boolean exact = same(last, counted);
        double snapshot = BenchContext.median(snapshotMs);
        double perWorker = BenchContext.median(censusMs);
        progress.done(String.format(Locale.ROOT, "snapshot %.3f ms, per-worker reads %.1f ms, same counts: %s", snapshot,
                perWorker, exact ? "yes" : "NO"));
        if (!exact) {
            throw new IllegalStateException("the snapshot and the census disagree at " + workers + " workers: " + last + " vs " + counted);
        }
        context.report().add(new Report.Row("snapshot", String.format(Locale.ROOT, "snapshot, %,d workers (median, exact)", workers),
                String.format(Locale.ROOT, "%.3f ms", snapshot), String.format(Locale.ROOT, "per-worker reads %.1f ms", perWorker),
                Report.ratio(perWorker / snapshot) + " faster",
                workers >= 10_000 ? "< 0.5 ms at 10,000" : "", workers >= 10_000 ? Report.verdict(snapshot < 0.5) : ""));
        context.redis().commands().eval("for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end return 1",
                ScriptOutputType.INTEGER, new String[0], keys.prefix() + "*");
    }

    private static boolean same(MetricsSnapshot s, WorkerCensus.Census c) {
        return s.registeredWorkers() == c.registered() && s.activeWorkers() == c.active() && s.busyWorkers() == c.busy()
                && s.taskSlots() == c.slots() && s.busyTaskSlots() == c.busySlots() && s.inFlight() == c.inFlight()
                && s.orphaned() == c.orphaned() && s.poolCpu().reporting() == c.cpuReporting();
    }
}
