package io.qscale.bench;

import io.lettuce.core.RedisFuture;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskEnvelope;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * No-op tasks drained from one queue by worker processes, qscale's (the light worker, as the
 * local scaler starts it) and BullMQ 5's (Node) on the same Redis in the same run. Both sides are
 * timed the same way: workers started and ready first, then from the first enqueue to the last
 * completion.
 */
final class DrainBench {

    /** The default runs: worker processes x slots each. */
    static final List<String> RUNS = List.of("4x1", "1x16", "4x16");

    private final BenchContext context;
    private final int tasks;
    private final boolean bullmq;
    private final List<String> runs;

    DrainBench(BenchContext context, int tasks, boolean bullmq, List<String> runs) {
        this.context = context;
        this.tasks = tasks;
        this.bullmq = bullmq;
        this.runs = runs;
    }

    void run() throws IOException, InterruptedException {
        Optional<Path> bullmqDir = bullmq ? BullMq.install(context) : Optional.empty();
        for (String run : runs) {
            String[] parts = run.split("x");
            int processes = Integer.parseInt(parts[0]);
            int slots = Integer.parseInt(parts[1]);
            double qscale = qscale(processes, slots);
            Optional<Double> peer = bullmqDir.isPresent() ? bullmq(bullmqDir.get(), processes, slots) : Optional.empty();
            String what = String.format(Locale.ROOT, "no-op drain, %d process%s x concurrency %d", processes,
                    processes == 1 ? "" : "es", slots);
            String goal = processes == 4 && slots == 1 ? ">= BullMQ" : processes == 1 ? ">= 8,000 /s" : "";
            String verdict = processes == 4 && slots == 1 ? peer.map(p -> Report.verdict(qscale >= p)).orElse("no peer")
                    : processes == 1 ? Report.verdict(qscale >= 8_000) : "";
            context.report().add(new Report.Row("drain", what, Report.number(qscale) + " tasks/s",
                    peer.map(p -> "BullMQ 5: " + Report.number(p) + " jobs/s").orElse("BullMQ not run"),
                    peer.map(p -> Report.ratio(qscale / p)).orElse(""), goal, verdict));
        }
        context.recall("redis.eval").ifPresent(eval -> System.err.println("  (Redis ran an empty script " + Report.number(eval)
                + " times a second with 4 clients: one script call per task is the floor of any Lua-based queue)"));
    }

    private double qscale(int processes, int slots) throws IOException, InterruptedException {
        String label = String.format(Locale.ROOT, "drain qscale %dx%d", processes, slots);
        Progress progress = new Progress(label);
        QueueKeys keys = new QueueKeys(BenchContext.queue("drain"));
        List<Process> workers = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            List<String> command = new ArrayList<>(context.lightWorker());
            command.addAll(List.of("--concurrency", Integer.toString(slots), "--queue", keys.queueName()));
            String id = keys.queueName() + "-w" + i;
            ids.add(id);
            workers.add(context.start(command, Map.of("REDIS_URL", context.redisUri(), "QSCALE_WORKER_ID", id), id));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (context.redis().commands().zcard(keys.workers()) < processes) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the qscale workers did not register within 60 s; see " + context.scratch());
            }
            progress.update("starting workers");
            BenchContext.sleep(20);
        }
        TaskQueue queue = new TaskQueue(context.redis(), keys, BenchContext.SETTINGS, Clock.systemUTC());
        long serverBefore = serverMicros();
        long start = System.nanoTime();
        int enqueued = 0;
        long completed = 0;
        while (completed < tasks) {
            if (enqueued < tasks) {
                List<TaskEnvelope> batch = new ArrayList<>();
                for (int i = enqueued; i < Math.min(tasks, enqueued + 5_000); i++) {
                    batch.add(TaskEnvelope.create("noop", null, Instant.now()));
                }
                queue.enqueueAll(batch);
                enqueued += batch.size();
            } else {
                BenchContext.sleep(5);
            }
            completed = completed(keys, ids);
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.update(String.format(Locale.ROOT, "%,d/%,d tasks, %,.0f/s", completed, tasks, completed / seconds));
        }
        double rate = tasks / ((System.nanoTime() - start) / 1e9);
        double serverPerTask = (serverMicros() - serverBefore) / (double) tasks;
        progress.done(String.format(Locale.ROOT, "%,d tasks at %,.0f tasks/s; Redis spent %.1f µs per task (INFO commandstats)",
                tasks, rate, serverPerTask));
        context.remember("drain.serverMicrosPerTask", serverPerTask);
        WorkerRegistry registry = new WorkerRegistry(context.redis(), keys, BenchContext.SETTINGS);
        ids.forEach(registry::requestDrain);
        for (Process worker : workers) {
            if (!worker.waitFor(15, TimeUnit.SECONDS)) {
                BenchContext.stop(worker);
            }
        }
        return rate;
    }

    /** Microseconds Redis has spent in commands so far (every command's usec in INFO commandstats). */
    private long serverMicros() {
        long total = 0;
        for (String line : context.redis().commands().info("commandstats").split("\r?\n")) {
            int at = line.indexOf("usec=");
            if (line.startsWith("cmdstat_") && at > 0) {
                int end = line.indexOf(',', at);
                total += Long.parseLong(line.substring(at + 5, end < 0 ? line.length() : end));
            }
        }
        return total;
    }

    private long completed(QueueKeys keys, List<String> ids) {
        List<RedisFuture<String>> counts = new ArrayList<>();
        for (String id : ids) {
            counts.add(context.redis().async().hget(keys.worker(id), "processed"));
        }
        long sum = 0;
        for (RedisFuture<String> count : counts) {
            String value = count.toCompletableFuture().join();
            sum += value == null ? 0 : Long.parseLong(value);
        }
        return sum;
    }

    private Optional<Double> bullmq(Path dir, int processes, int slots) throws IOException, InterruptedException {
        Progress progress = new Progress(String.format(Locale.ROOT, "drain BullMQ %dx%d", processes, slots));
        Process node = new ProcessBuilder("node", dir.resolve("drain.mjs").toString(), Integer.toString(context.redisPort()),
                BenchContext.queue("bullmq"), Integer.toString(processes), Integer.toString(slots), Integer.toString(tasks))
                .directory(dir.toFile()).redirectError(context.scratch().resolve("bullmq.log").toFile()).start();
        Double result = null;
        long startedAt = System.nanoTime();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                String[] words = line.trim().split("\\s+");
                if (words[0].equals("ready")) {
                    startedAt = System.nanoTime();
                    progress.update("workers ready");
                } else if (words[0].equals("progress")) {
                    long done = Long.parseLong(words[1]);
                    progress.update(String.format(Locale.ROOT, "%,d/%,d jobs, %,.0f/s", done, tasks,
                            done / ((System.nanoTime() - startedAt) / 1e9)));
                } else if (words[0].equals("result")) {
                    result = Double.parseDouble(words[1]) / (Double.parseDouble(words[2]) / 1000);
                }
            }
        }
        if (!node.waitFor(30, TimeUnit.SECONDS)) {
            BenchContext.stop(node);
        }
        if (result == null) {
            progress.done("failed; see " + context.scratch().resolve("bullmq.log"));
            return Optional.empty();
        }
        progress.done(String.format(Locale.ROOT, "%,d jobs at %,.0f jobs/s", tasks, result));
        return Optional.of(result);
    }

    /** BullMQ 5, installed with npm into a scratch folder that later runs reuse. */
    static final class BullMq {

        private BullMq() {
        }

        static Optional<Path> install(BenchContext context) throws IOException, InterruptedException {
            if (BenchContext.onPath("node").isEmpty() || BenchContext.onPath("npm").isEmpty()) {
                System.err.println("[drain] BullMQ skipped: node and npm are not on the PATH");
                return Optional.empty();
            }
            Path dir = Path.of(System.getProperty("java.io.tmpdir"), "qscale-bench-bullmq");
            Files.createDirectories(dir);
            for (String file : List.of("package.json", "drain.mjs")) {
                Files.copy(context.root().resolve("benchmarks/bullmq").resolve(file), dir.resolve(file),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            if (!Files.isDirectory(dir.resolve("node_modules/bullmq"))) {
                Progress progress = new Progress("drain");
                progress.done("npm install bullmq@5 into " + dir);
                Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
                        .directory(dir.toFile()).redirectErrorStream(true).start();
                String out = read(npm.getInputStream());
                if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                    System.err.println("[drain] BullMQ skipped: npm install failed: " + out.strip());
                    return Optional.empty();
                }
            }
            return Optional.of(dir);
        }

        private static String read(InputStream in) throws IOException {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
