package io.qscale.cli.actions;

import io.qscale.core.protocol.WorkerInfo;
import io.qscale.core.control.ManagerMode;
import io.qscale.core.control.RecordedDecision;
import io.qscale.rules.format.Human;
import io.qscale.worker.demo.DemoTasks;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What a person can do to a pool, whichever way they ask (a subcommand, the interactive prompt,
 * a dashboard key): the one place each action is done and described. Thread-safe.
 */
public final class PoolActions {

    private static final int CHUNK = 500;

    private final QueueContext pool;

    public PoolActions(QueueContext pool) {
        this.pool = pool;
    }

    /** Enqueues the request's tasks, with a progress bar on {@code out} when asked; returns the queue length after. */
    public long stress(StressRequest request, PrintWriter out, boolean progress) {
        long length = 0;
        int tasks = request.tasks();
        for (int done = 0; done < tasks; ) {
            int chunk = Math.min(CHUNK, tasks - done);
            length = pool.queue().enqueueAll(DemoTasks.batch(request.type(), chunk, request.durationMs(), request.failRate(),
                    Instant.now()));
            done += chunk;
            if (progress) {
                out.print("\r" + bar(done, tasks, 30) + " " + done + "/" + tasks + " tasks enqueued");
                out.flush();
            }
        }
        if (progress) {
            out.println();
        }
        out.println("stress: " + tasks + " " + request.type() + " task(s) of " + Human.duration(Duration.ofMillis(request.durationMs()))
                + " enqueued on " + pool.keys().queueName() + "; queue length now " + length);
        return length;
    }

    public static String bar(int done, int total, int width) {
        int filled = (int) ((long) done * width / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }

    /** Asks the managers to hold exactly {@code workers} (manual mode). */
    public String scale(int workers) {
        pool.config().checkManualTarget(workers);
        return setMode(ManagerMode.manual(workers));
    }

    /**
     * The mode a person names, however they ask: {@code auto}, {@code dry-run}, {@code manual}
     * with a number of workers (or {@code manual:N}, as the mode is stored); {@code manual}
     * without one holds the pool's size now. The one parser of modes (CLI, prompt, API).
     */
    public ManagerMode parseMode(String name, OptionalInt workers) {
        String text = name == null ? "" : name.strip();
        if (text.startsWith("manual:")) {
            if (workers.isPresent()) {
                throw new IllegalArgumentException("mode manual:N takes no separate number of workers");
            }
            return ManagerMode.parse("mode", text);
        }
        ManagerMode mode = switch (text) {
            case "auto" -> ManagerMode.AUTO;
            case "dry-run" -> ManagerMode.DRY_RUN;
            case "manual" -> {
                int target = workers.isPresent() ? workers.getAsInt() : pool.snapshot().activeWorkers();
                pool.config().checkManualTarget(target);
                yield ManagerMode.manual(target);
            }
            default -> throw new IllegalArgumentException("mode must be auto, dry-run or manual [N], but was '" + text + "'");
        };
        if (mode.kind() != ManagerMode.Kind.MANUAL && workers.isPresent()) {
            throw new IllegalArgumentException("a number of workers goes with mode manual only");
        }
        return mode;
    }

    /** Stores a mode; a manual target out of bounds fails with the one bounds rule's message. */
    public String setMode(ManagerMode mode) {
        mode.workers().ifPresent(pool.config()::checkManualTarget);
        pool.modes().set(mode);
        Optional<String> leader = leader();
        return "mode " + mode.wire() + (leader.isPresent() ? " (manager " + leader.get() + " applies it on its next tick)"
                : " (no manager runs for queue " + pool.keys().queueName() + " yet: start one with 'qscale manager')");
    }

    public ManagerMode mode() {
        return pool.modes().stored().orElse(ManagerMode.AUTO);
    }

    public Optional<String> leader() {
        return Optional.ofNullable(pool.redis().commands().get(pool.keys().leader()));
    }

    public String status() {
        var snapshot = pool.snapshot();
        return "queue " + pool.keys().queueName() + " at " + pool.endpoint() + ": mode " + mode().wire() + ", manager "
                + leader().orElse("none") + ", " + snapshot.activeWorkers() + " workers (" + snapshot.busyWorkers() + " busy), "
                + snapshot.queueLength() + " waiting; rules " + pool.config().summary();
    }

    public String workers() {
        List<WorkerInfo> workers = pool.registry().workers();
        if (workers.isEmpty()) {
            return "no workers registered on queue " + pool.keys().queueName();
        }
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-36s %-9s %-6s %9s %7s %-16s %s%n",
                "WORKER", "STATE", "ALIVE", "PROCESSED", "FAILED", "HOST", "LAST SEEN"));
        Instant now = Instant.now();
        for (WorkerInfo w : workers) {
            table.append(String.format(Locale.ROOT, "%-36s %-9s %-6s %9d %7d %-16s %s ago%n", w.id(),
                    w.state().wire(), w.alive() ? "yes" : "no", w.processed(), w.failed(), w.host() + ":" + w.pid(),
                    Human.duration(Duration.between(w.lastSeen(), now).abs())));
        }
        return table.toString().stripTrailing();
    }

    public String decisions(int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("--limit must be between 1 and 1000, but was " + limit);
        }
        List<RecordedDecision> recent = pool.decisions().recent(limit);
        if (recent.isEmpty()) {
            return "no decisions recorded on queue " + pool.keys().queueName() + " (is a manager running?)";
        }
        StringBuilder lines = new StringBuilder();
        for (RecordedDecision d : recent) {
            lines.append(d.decision().at().toString(), 0, 19).append("  ")
                    .append(String.format(Locale.ROOT, "%-11s ", d.outcome())).append(d.decision().reason());
            if (d.repeats() > 1) {
                lines.append("  (x").append(d.repeats()).append(" since ").append(d.since().toString(), 11, 19).append(')');
            }
            if (!d.detail().isEmpty() && d.kind().equals("failure")) {
                lines.append("  [").append(d.detail()).append(']');
            }
            lines.append(System.lineSeparator());
        }
        return lines.toString().stripTrailing();
    }
}
