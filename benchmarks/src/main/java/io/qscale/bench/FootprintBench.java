package io.qscale.bench;

import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.WorkerRegistry;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.HashMap;

/**
 * An idle worker's resident memory and its start to first heartbeat, as the local scaler runs it
 * ({@code qscale manager --manual-scale 1}, then 3 started at once), against the seed's way (the
 * whole qscale.jar on the class path, -Xmx64m -XX:+UseSerialGC) in the same run; and the
 * manager's own resident memory while it runs them.
 */
final class FootprintBench {

    private static final int WORKERS = 3;
    private static final long IDLE_MILLIS = 5_000;

    private final BenchContext context;

    FootprintBench(BenchContext context) {
        this.context = context;
    }

    void run() throws IOException {
        if (BenchContext.rss(ProcessHandle.current().pid()).isEmpty()) {
            System.err.println("[footprint] skipped: resident memory is read from /proc, which this system does not have");
            return;
        }
        Progress progress = new Progress("footprint");
        double single;
        try (ManagerRun run = ManagerRun.start(context, "footprint", "--manual-scale", "1")) {
            Map.Entry<String, Long> only = run.awaitWorkers(1, 60_000, progress).entrySet().iterator().next();
            single = run.processStart(only.getKey()).map(start -> (double) only.getValue() - start.toEpochMilli())
                    .orElse(Double.NaN);
        }
        List<Double> lightRss = new ArrayList<>();
        List<Double> lightStart = new ArrayList<>();
        double managerRss;
        try (ManagerRun run = ManagerRun.start(context, "footprint", "--manual-scale", Integer.toString(WORKERS))) {
            Map<String, Long> seen = run.awaitWorkers(WORKERS, 60_000, progress);
            for (Map.Entry<String, Long> worker : seen.entrySet()) {
                run.processStart(worker.getKey()).ifPresent(start -> lightStart.add((double) worker.getValue() - start.toEpochMilli()));
            }
            progress.update("idle for " + IDLE_MILLIS / 1000 + " s");
            BenchContext.sleep(IDLE_MILLIS);
            for (String id : seen.keySet()) {
                run.workerPid(id).flatMap(BenchContext::rss).ifPresent(bytes -> lightRss.add(bytes / 1048576.0));
            }
            managerRss = BenchContext.rss(run.process().pid()).orElse(0L) / 1048576.0;
        }
        List<Double> seedRss = new ArrayList<>();
        List<Double> seedStart = new ArrayList<>();
        seedWay(progress, seedRss, seedStart);
        progress.done("done");
        double rss = BenchContext.median(lightRss);
        double start = BenchContext.median(lightStart);
        double baseRss = BenchContext.median(seedRss);
        double baseStart = BenchContext.median(seedStart);
        Report report = context.report();
        report.add(new Report.Row("footprint", "idle worker RSS, as the local scaler runs it (median of " + WORKERS + ")",
                String.format(Locale.ROOT, "%.0f MB", rss), String.format(Locale.ROOT, "seed's way %.0f MB", baseRss),
                Report.ratio(rss / baseRss), "< 96 MB", Report.verdict(rss < 96)));
        report.add(new Report.Row("footprint", "worker start -> first heartbeat, one worker started",
                String.format(Locale.ROOT, "%.0f ms", single), "", "", "< 1 s", Report.verdict(single < 1000)));
        report.add(new Report.Row("footprint", "worker start -> first heartbeat, " + WORKERS + " started at once (median)",
                String.format(Locale.ROOT, "%.0f ms", start), String.format(Locale.ROOT, "seed's way %.0f ms", baseStart),
                Report.ratio(start / baseStart), "", ""));
        report.add(new Report.Row("footprint", "manager RSS, idle with " + WORKERS + " local workers",
                String.format(Locale.ROOT, "%.0f MB", managerRss), "", "", "< 160 MB", Report.verdict(managerRss < 160)));
    }

    /** The seed's worker command: this project's whole jar on the class path, the seed's two flags. */
    private void seedWay(Progress progress, List<Double> rss, List<Double> start) throws IOException {
        QueueKeys keys = new QueueKeys(BenchContext.queue("seedway"));
        List<Process> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            String id = keys.queueName() + "-w" + i;
            workers.add(context.start(List.of(BenchContext.java(), "-Xmx64m", "-XX:+UseSerialGC", "-cp",
                    context.qscaleJar().toString(), "io.qscale.worker.demo.DemoWorkerMain", "--queue", keys.queueName()),
                    Map.of("REDIS_URL", context.redisUri(), "QSCALE_WORKER_ID", id), id));
        }
        Map<String, Long> first = new HashMap<>();
        long deadline = System.currentTimeMillis() + 60_000;
        while (first.size() < WORKERS && System.currentTimeMillis() < deadline) {
            for (var member : context.redis().commands().zrangeWithScores(keys.workers(), 0, -1)) {
                first.putIfAbsent(member.getValue(), (long) member.getScore());
            }
            progress.update("seed's way: waiting for " + WORKERS + " workers");
            BenchContext.sleep(5);
        }
        for (int i = 0; i < WORKERS; i++) {
            Long seen = first.get(keys.queueName() + "-w" + i);
            Optional<Instant> began = workers.get(i).info().startInstant();
            if (seen != null && began.isPresent()) {
                start.add((double) seen - began.get().toEpochMilli());
            }
        }
        progress.update("seed's way: idle for " + IDLE_MILLIS / 1000 + " s");
        BenchContext.sleep(IDLE_MILLIS);
        for (Process worker : workers) {
            BenchContext.rss(worker.pid()).ifPresent(bytes -> rss.add(bytes / 1048576.0));
        }
        WorkerRegistry registry = new WorkerRegistry(context.redis(), keys, BenchContext.SETTINGS);
        first.keySet().forEach(registry::requestDrain);
        workers.forEach(BenchContext::stop);
    }
}
