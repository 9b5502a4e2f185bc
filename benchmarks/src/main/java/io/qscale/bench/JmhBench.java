package io.qscale.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** The in-process figures (JMH): each benchmark class pairs its subject with a baseline method. */
final class JmhBench {

    private final BenchContext context;

    JmhBench(BenchContext context) {
        this.context = context;
    }

    void run() throws RunnerException {
        boolean smoke = context.smoke();
        Options options = new OptionsBuilder().include("io\\.qscale\\.bench\\.jmh\\..*")
                .forks(1).warmupIterations(smoke ? 1 : 3).warmupTime(TimeValue.milliseconds(smoke ? 100 : 1000))
                .measurementIterations(smoke ? 1 : 5).measurementTime(TimeValue.milliseconds(smoke ? 100 : 1000))
                .jvmArgsAppend("-Xmx256m").verbosity(VerboseMode.SILENT).build();
        System.err.println("[jmh] running " + (smoke ? "one short iteration of " : "") + "each benchmark in a forked JVM");
        Collection<RunResult> results = new Runner(options).run();
        Map<String, RunResult> byName = new TreeMap<>();
        for (RunResult result : results) {
            String label = result.getParams().getBenchmark();
            byName.put(label.substring(label.lastIndexOf('.', label.lastIndexOf('.') - 1) + 1), result);
        }
        report(byName, "EngineBenchmark.decideWithEveryPolicy", "EngineBenchmark.baselineBuildTheSnapshot",
                "engine decision, 3 policies composed", "building its snapshot");
        report(byName, "SnapshotDecodeBenchmark.decode", "SnapshotDecodeBenchmark.baselineReadIntoMaps",
                "snapshot reply decoding (60 buckets)", "reading it into maps");
    }

    private void report(Map<String, RunResult> results, String subject, String baseline, String what, String baselineWhat) {
        RunResult measured = results.get(subject);
        RunResult base = results.get(baseline);
        if (measured == null || base == null) {
            throw new IllegalStateException("JMH ran no " + subject + " or " + baseline + ": " + results.keySet());
        }
        double value = measured.getPrimaryResult().getScore();
        double reference = base.getPrimaryResult().getScore();
        String unit = measured.getPrimaryResult().getScoreUnit().replace("/op", "");
        context.report().add(new Report.Row("jmh", what, String.format(Locale.ROOT, "%.2f %s", value, unit),
                String.format(Locale.ROOT, "%s %.2f %s", baselineWhat, reference, unit), Report.ratio(value / reference), "", ""));
    }
}
