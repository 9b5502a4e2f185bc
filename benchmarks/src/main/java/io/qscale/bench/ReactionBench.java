package io.qscale.bench;

import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.qscale.core.control.RecordedDecision;
import io.qscale.core.json.Json;
import io.qscale.core.protocol.TaskEnvelope;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.rules.policy.ScaleAction;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.Map;

/**
 * Reaction at default settings: a {@code qscale manager --auto-scale} (default profile, local
 * scaler) in steady state with its one worker; 40 tasks of 2 s land at once. Measured from the
 * burst (Redis time) to the scale-up decision (the decision's own time) and to the first
 * heartbeat of a worker the decision started. The baselines are the HPA's sync period and KEDA's
 * polling interval at their defaults (documented, not run: no cluster here).
 */
final class ReactionBench {

    private static final double HPA_SYNC_MS = 15_000;
    private static final double KEDA_POLLING_MS = 30_000;

    private final BenchContext context;

    ReactionBench(BenchContext context) {
        this.context = context;
    }

    void run() throws IOException {
        int repeats = context.smoke() ? 1 : 3;
        List<Double> decisions = new ArrayList<>();
        List<Double> heartbeats = new ArrayList<>();
        for (int i = 0; i < repeats; i++) {
            once(i + 1, repeats, decisions, heartbeats);
        }
        double decision = BenchContext.median(decisions);
        double heartbeat = BenchContext.median(heartbeats);
        double worstDecision = decisions.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        double worstHeartbeat = heartbeats.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        Report report = context.report();
        report.add(new Report.Row("reaction", "burst -> scale-up decision (median of " + repeats + ", worst "
                + Math.round(worstDecision) + " ms)", String.format(Locale.ROOT, "%.0f ms", decision),
                "HPA sync 15 s, KEDA polling 30 s (defaults)", Report.ratio(HPA_SYNC_MS / decision) + " sooner than one HPA sync",
                "<= 2 s", Report.verdict(worstDecision <= 2_000)));
        report.add(new Report.Row("reaction", "burst -> new worker's first heartbeat (median of " + repeats + ", worst "
                + Math.round(worstHeartbeat) + " ms)", String.format(Locale.ROOT, "%.0f ms", heartbeat),
                "KEDA polling 30 s", Report.ratio(KEDA_POLLING_MS / heartbeat) + " sooner than one KEDA poll", "<= 3 s",
                Report.verdict(worstHeartbeat <= 3_000)));
    }

    private void once(int round, int of, List<Double> decisions, List<Double> heartbeats) throws IOException {
        Progress progress = new Progress("reaction " + round + "/" + of);
        try (ManagerRun run = ManagerRun.start(context, "reaction", "--auto-scale")) {
            run.awaitWorkers(1, 60_000, progress);
            progress.update("steady state: 3 s with its one worker");
            long until = System.currentTimeMillis() + 3_000;
            while (System.currentTimeMillis() < until) {
                run.poll();
                BenchContext.sleep(5);
            }
            Set<String> before = new HashSet<>(run.poll().keySet());
            TaskQueue queue = new TaskQueue(context.redis(), run.keys(), BenchContext.SETTINGS, Clock.systemUTC());
            List<TaskEnvelope> burst = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                burst.add(TaskEnvelope.create("sleep", Json.mapper().createObjectNode().put("ms", 2000), Instant.now()));
            }
            long landed = run.serverMillis();
            queue.enqueueAll(burst);
            Optional<Long> decidedAt = Optional.empty();
            Optional<Long> newHeartbeat = Optional.empty();
            long deadline = System.currentTimeMillis() + 30_000;
            while ((decidedAt.isEmpty() || newHeartbeat.isEmpty()) && System.currentTimeMillis() < deadline) {
                if (decidedAt.isEmpty()) {
                    decidedAt = scaleUp(run, landed);
                }
                if (newHeartbeat.isEmpty()) {
                    newHeartbeat = run.poll().entrySet().stream().filter(e -> !before.contains(e.getKey()))
                            .map(Map.Entry::getValue).min(Long::compare);
                }
                progress.update("burst of 40 landed; waiting for the decision and the new worker");
                BenchContext.sleep(5);
            }
            if (decidedAt.isEmpty() || newHeartbeat.isEmpty()) {
                throw new IllegalStateException("no scale-up and new worker within 30 s of the burst; see " + context.scratch());
            }
            decisions.add((double) decidedAt.get() - landed);
            heartbeats.add((double) newHeartbeat.get() - landed);
            progress.done(String.format(Locale.ROOT, "decision after %d ms, new worker's first heartbeat after %d ms",
                    decidedAt.get() - landed, newHeartbeat.get() - landed));
        }
    }

    private Optional<Long> scaleUp(ManagerRun run, long since) {
        List<StreamMessage<String, String>> messages = context.redis().commands()
                .xrange(run.keys().decisions(), Range.create(since + "-0", "+"));
        for (StreamMessage<String, String> message : messages) {
            try {
                RecordedDecision record = Json.mapper().readValue(message.getBody().get("decision"), RecordedDecision.class);
                if (record.decision().action() == ScaleAction.SCALE_UP) {
                    return Optional.of(record.decision().at().toEpochMilli());
                }
            } catch (IOException e) {
                throw new IllegalStateException("a decision record does not decode: " + e.getMessage(), e);
            }
        }
        return Optional.empty();
    }
}
