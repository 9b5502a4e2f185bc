package io.qscale.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code benchmarks/run.sh}: qscale's benchmarks, each printing its figures next to a baseline
 * measured in the same run and the goal from docs/benchmarks.md. Parts: {@code redis} (redis-benchmark
 * on the same server), {@code drain} (no-op tasks, qscale vs BullMQ), {@code snapshot} (the
 * snapshot script at 1k and 10k workers vs per-worker reads), {@code reaction} (burst to decision
 * to the new worker's heartbeat), {@code footprint} (worker RSS and start, manager RSS), and
 * {@code jmh} (in-process: engine decision, snapshot decoding). Not thread-safe (runs once).
 */
@Command(name = "run.sh", mixinStandardHelpOptions = true,
        description = "Runs qscale's benchmarks and prints each figure with its baseline, ratio and goal.")
public final class Bench implements Callable<Integer> {

    /** The parts, in the order {@code all} runs them. */
    static final List<String> PARTS = List.of("redis", "snapshot", "drain", "footprint", "reaction", "jmh");

    @Parameters(arity = "0..*", paramLabel = "PART",
            description = "Parts to run: all (default), redis, snapshot, drain, footprint, reaction, jmh.")
    private List<String> parts = new ArrayList<>(List.of("all"));

    @Option(names = "--smoke", description = "Tiny sizes: checks that every part runs (CI); the figures mean nothing.")
    private boolean smoke;

    @Option(names = "--root", paramLabel = "DIR", description = "The qscale source tree (default: found from the working folder).")
    private Path root;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the results as a Markdown table.")
    private Path markdown;

    @Option(names = "--tasks", paramLabel = "N", description = "No-op tasks per drain run. Default: 200000 (smoke: 2000).")
    private Integer tasks;

    @Option(names = "--drain-runs", split = ",", paramLabel = "PxC",
            description = "Drain runs as processes x concurrency. Default: 4x1,1x16,4x16.")
    private List<String> drainRuns = DrainBench.RUNS;

    @Option(names = "--no-bullmq", description = "Skip the BullMQ runs of the drain part.")
    private boolean noBullmq;

    private Report report;

    /** The last run's results (for tests). */
    Report report() {
        return report;
    }

    @Override
    public Integer call() throws Exception {
        List<String> chosen = parts.contains("all") ? PARTS : parts;
        for (String run : drainRuns) {
            if (!run.matches("[1-9][0-9]{0,2}x[1-9][0-9]{0,3}")) {
                System.err.println("run.sh: --drain-runs takes processes x concurrency such as 4x1, but was '" + run + "'");
                return 2;
            }
        }
        for (String part : chosen) {
            if (!PARTS.contains(part)) {
                System.err.println("run.sh: unknown part '" + part + "'; the parts are all, " + String.join(", ", PARTS));
                return 2;
            }
        }
        Path tree = root != null ? root.toAbsolutePath().normalize() : findRoot(Path.of("").toAbsolutePath())
                .orElseThrow(() -> new IllegalStateException("run.sh: no qscale source tree above "
                        + Path.of("").toAbsolutePath() + "; pass --root"));
        report = new Report();
        try (BenchContext context = BenchContext.open(tree, smoke, report)) {
            System.err.println("qscale benchmarks" + (smoke ? " (smoke: tiny sizes, figures mean nothing)" : "") + " on "
                    + context.machine() + "; Redis " + context.redisVersion() + " at " + context.redisUri());
            for (String part : chosen) {
                switch (part) {
                    case "redis" -> new RedisBaseline(context).run();
                    case "snapshot" -> new SnapshotBench(context).run();
                    case "drain" -> new DrainBench(context, tasks != null ? tasks : smoke ? 2_000 : 200_000, !noBullmq, drainRuns).run();
                    case "footprint" -> new FootprintBench(context).run();
                    case "reaction" -> new ReactionBench(context).run();
                    case "jmh" -> new JmhBench(context).run();
                    default -> throw new IllegalStateException(part);
                }
            }
        }
        PrintStream out = System.out;
        out.println();
        out.println(report.text());
        if (markdown != null) {
            Files.writeString(markdown, report.markdown());
            System.err.println("results written to " + markdown);
        }
        return 0;
    }

    static Optional<Path> findRoot(Path from) {
        for (Path dir = from; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("benchmarks").resolve("pom.xml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** Runs the benchmarks and returns the exit code (for tests). */
    static int run(String... args) {
        return new CommandLine(new Bench()).execute(args);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}
