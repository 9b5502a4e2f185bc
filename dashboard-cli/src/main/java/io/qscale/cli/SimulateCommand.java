package io.qscale.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qscale.cli.dashboard.Charts;
import io.qscale.cli.sim.SimulationReport;
import io.qscale.core.json.Json;
import io.qscale.manager.config.QscaleConfig;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.sim.Elasticity;
import io.qscale.sim.Policy;
import io.qscale.sim.Scenarios;
import io.qscale.sim.SimulationResult;
import io.qscale.sim.SimulationSettings;
import io.qscale.sim.Simulator;
import io.qscale.sim.Trace;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code qscale simulate}: replays a trace (a bundled scenario or a recorded file) through the
 * rules under test and the baselines, and prints their elasticity scores, a chart, and
 * optionally JSON or an HTML report. Deterministic for a seed. Not thread-safe (picocli fills it once).
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, versionProvider = QscaleCommand.Version.class,
        description = "Replays traffic through the scaling rules and the HPA, KEDA and the seed's loop, and scores them "
                + "(SPEC RG elasticity metrics; docs/simulator.md).",
        footer = {"", "Scenarios: diurnal, flash-crowd, on-off, seed-burst, slow-tasks, step.",
                "Compare with: hpa, keda, seed, fixed:N, a profile (default, thresholds, demo) or a qscale.yml file."})
final class SimulateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    static final class Source {
        @Option(names = "--scenario", paramLabel = "NAME", description = "A bundled scenario (see below).")
        String scenario;

        @Option(names = "--trace", paramLabel = "FILE", description = "A trace file: second,arrivals[,serviceMs] (qscale record writes one).")
        Path trace;
    }

    @Option(names = "--config", paramLabel = "FILE", description = "The rules under test (a qscale.yml over the default profile). Default: the default profile, named 'default'.")
    private Path config;

    @Option(names = "--compare", split = ",", paramLabel = "POLICY", defaultValue = "hpa,keda,seed",
            description = "Baselines to score beside it. Default: ${DEFAULT-VALUE}")
    private List<String> compare;

    @Option(names = "--startup-ms", defaultValue = "1500", description = "Scale-up to the new worker taking tasks. Default: ${DEFAULT-VALUE}")
    private long startupMs;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed (exponential times). Default: ${DEFAULT-VALUE}")
    private long seed;

    @Option(names = "--service-ms", defaultValue = "1000", description = "Processing time of trace rows that name none. Default: ${DEFAULT-VALUE}")
    private long serviceMs;

    @Option(names = "--service-times", defaultValue = "fixed", description = "fixed or exponential (around each second's mean). Default: ${DEFAULT-VALUE}")
    private String serviceTimes;

    @Option(names = "--target-utilization", defaultValue = "0.8", description = "Utilization that demand is computed for. Default: ${DEFAULT-VALUE}")
    private double targetUtilization;

    @Option(names = "--staleness-ms", defaultValue = "0",
            description = "How old the metrics the policies see are (a slow metrics pipeline). Default: ${DEFAULT-VALUE}")
    private long stalenessMs;

    @Option(names = "--json", description = "Print the scores as JSON.")
    private boolean json;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write an HTML report with the charts.")
    private Path report;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Trace trace;
        SimulationSettings settings;
        List<Policy> policies = new ArrayList<>();
        try {
            trace = source.scenario != null ? Scenarios.named(source.scenario) : readTrace(source.trace);
            settings = settings();
            ScalingConfig base = ScalingConfig.profile("default");
            ScalingConfig underTest = config == null ? base : QscaleConfig.load(config, base).scaling();
            policies.add(Policy.qscale(config == null ? "default" : config.getFileName().toString(), underTest));
            for (String entry : compare) {
                policies.add(baseline(entry.strip(), underTest.maxWorkers()));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        boolean long_ = trace.seconds().size() > 3600;
        List<SimulationResult> results = new ArrayList<>();
        List<Elasticity.Scores> scores = new ArrayList<>();
        for (Policy policy : policies) {
            String label = policy.name();
            int[] shown = {-1};
            SimulationResult result = Simulator.run(trace, policy, settings, fraction -> {
                int percent = (int) Math.floor(fraction * 100);
                if (long_ && percent / 5 != shown[0]) {
                    shown[0] = percent / 5;
                    int filled = (int) Math.round(fraction * 30);
                    err.print("\r[" + "#".repeat(filled) + " ".repeat(30 - filled) + "] " + Math.round(fraction * 100) + " % " + label);
                    err.flush();
                }
            });
            if (long_) {
                err.println();
            }
            results.add(result);
            scores.add(Elasticity.score(result));
        }
        if (json) {
            out.println(json(trace, settings, scores).toPrettyString());
        } else {
            out.print(text(trace, settings, results, scores));
        }
        if (report != null) {
            Files.writeString(report, SimulationReport.html(trace, settings, results, scores), StandardCharsets.UTF_8);
            (json ? err : out).println("report written to " + report);
        }
        out.flush();
        return 0;
    }

    private Trace readTrace(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--trace " + file + ": no such file");
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return Trace.parse(file.getFileName().toString(), in, serviceMs);
        }
    }

    private SimulationSettings settings() {
        if (startupMs < 0 || startupMs > 3_600_000) {
            throw new IllegalArgumentException("--startup-ms must be from 0 to 3600000, but was " + startupMs);
        }
        SimulationSettings.ServiceTimes times = switch (serviceTimes.toLowerCase(Locale.ROOT)) {
            case "fixed" -> SimulationSettings.ServiceTimes.FIXED;
            case "exponential" -> SimulationSettings.ServiceTimes.EXPONENTIAL;
            default -> throw new IllegalArgumentException("--service-times must be fixed or exponential, but was '" + serviceTimes + "'");
        };
        if (!(targetUtilization > 0 && targetUtilization <= 1)) {
            throw new IllegalArgumentException("--target-utilization must be above 0 and at most 1, but was " + targetUtilization);
        }
        if (stalenessMs < 0 || stalenessMs > 3_600_000) {
            throw new IllegalArgumentException("--staleness-ms must be from 0 to 3600000, but was " + stalenessMs);
        }
        return SimulationSettings.defaults().withStartup(Duration.ofMillis(startupMs)).withSeed(seed).withServiceTimes(times)
                .withTargetUtilization(targetUtilization).withStaleness(Duration.ofMillis(stalenessMs));
    }

    private static Policy baseline(String entry, int maxWorkers) {
        if (entry.equals("hpa")) {
            return Policy.hpa(maxWorkers);
        }
        if (entry.equals("keda")) {
            return Policy.keda(maxWorkers);
        }
        if (entry.equals("seed")) {
            return Policy.seed(maxWorkers);
        }
        if (entry.equals("default") || entry.equals("thresholds") || entry.equals("demo")) {
            return Policy.qscale(entry, ScalingConfig.profile(entry));
        }
        if (entry.startsWith("fixed:")) {
            try {
                return new Policy.Fixed(Integer.parseInt(entry.substring(6)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--compare fixed:N takes a whole number, but was '" + entry + "'", e);
            }
        }
        if (entry.endsWith(".yml") || entry.endsWith(".yaml")) {
            Path file = Path.of(entry);
            return Policy.qscale(file.getFileName().toString(), QscaleConfig.load(file, ScalingConfig.profile("default")).scaling());
        }
        throw new IllegalArgumentException("--compare takes hpa, keda, seed, fixed:N, a profile (default, thresholds, demo)"
                + " or a .yml file, but was '" + entry + "'");
    }

    static ObjectNode json(Trace trace, SimulationSettings settings, List<Elasticity.Scores> scores) {
        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode t = root.putObject("trace");
        t.put("name", trace.name());
        t.put("seconds", trace.seconds().size());
        t.put("tasks", trace.tasks());
        ObjectNode s = root.putObject("settings");
        s.put("startupMs", settings.startup().toMillis());
        s.put("serviceTimes", settings.serviceTimes().name().toLowerCase(Locale.ROOT));
        s.put("seed", settings.seed());
        s.put("targetUtilization", settings.targetUtilization());
        s.put("demandWindowS", settings.demandWindow().toSeconds());
        s.put("stalenessMs", settings.staleness().toMillis());
        ArrayNode list = root.putArray("policies");
        for (Elasticity.Scores score : scores) {
            ObjectNode p = list.addObject();
            p.put("name", score.name());
            p.put("underAccuracy", round(score.underAccuracy()));
            p.put("overAccuracy", round(score.overAccuracy()));
            p.put("underTimeshare", round(score.underTimeshare()));
            p.put("overTimeshare", round(score.overTimeshare()));
            p.put("instability", round(score.instability()));
            p.put("jitter", round(score.jitter()));
            p.put("waitP50Ms", score.waitP50Ms());
            p.put("waitP95Ms", score.waitP95Ms());
            p.put("waitMaxMs", score.waitMaxMs());
            p.put("workerSeconds", round(score.workerSeconds()));
            p.put("scalingActions", score.scalingActions());
        }
        return root;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    static String text(Trace trace, SimulationSettings settings, List<SimulationResult> results, List<Elasticity.Scores> scores) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s: %,d s, %,d tasks; start-up %.1f s, %s times, seed %d, demand at %.0f %% utilization%n%n",
                trace.name(), trace.seconds().size(), trace.tasks(), settings.startup().toMillis() / 1000.0,
                settings.serviceTimes().name().toLowerCase(Locale.ROOT), settings.seed(), settings.targetUtilization() * 100));
        out.append(String.format(Locale.ROOT, "%-14s %7s %7s %7s %7s %8s %9s %9s %9s %9s %10s %7s%n", "policy", "θU %", "θO %",
                "τU %", "τO %", "instab %", "jitter/h", "wait p50", "wait p95", "wait max", "worker-s", "actions"));
        for (Elasticity.Scores s : scores) {
            out.append(String.format(Locale.ROOT, "%-14s %7.1f %7.1f %7.1f %7.1f %8.1f %9.1f %9s %9s %9s %,10.0f %7d%n", s.name(),
                    s.underAccuracy(), s.overAccuracy(), s.underTimeshare(), s.overTimeshare(), s.instability(), s.jitter(),
                    seconds(s.waitP50Ms()), seconds(s.waitP95Ms()), seconds(s.waitMaxMs()), s.workerSeconds(), s.scalingActions()));
        }
        out.append(String.format(Locale.ROOT, "%nover %,d s (each column the largest value in its stretch of time):%n",
                results.get(0).samples().size()));
        int width = 72;
        long[] demand = maxima(toLong(Elasticity.demand(results.get(0))), width);
        List<long[]> supplies = new ArrayList<>();
        List<long[]> queues = new ArrayList<>();
        long workersScale = max(demand);
        long queueScale = 1;
        for (SimulationResult result : results) {
            long[] supply = new long[result.samples().size()];
            long[] queue = new long[result.samples().size()];
            for (int i = 0; i < supply.length; i++) {
                supply[i] = result.supply(i);
                queue[i] = result.queue(i);
            }
            supplies.add(maxima(supply, width));
            queues.add(maxima(queue, width));
            workersScale = Math.max(workersScale, max(supplies.get(supplies.size() - 1)));
            queueScale = Math.max(queueScale, max(queues.get(queues.size() - 1)));
        }
        out.append(String.format(Locale.ROOT, "%-22s %s  (full bar: %d workers)%n", "demand",
                Charts.sparkline(demand, width, workersScale), workersScale));
        for (int i = 0; i < results.size(); i++) {
            out.append(String.format(Locale.ROOT, "%-22s %s%n", "supply " + results.get(i).policy(),
                    Charts.sparkline(supplies.get(i), width, workersScale)));
        }
        for (int i = 0; i < results.size(); i++) {
            out.append(String.format(Locale.ROOT, "%-22s %s%s%n", "queue  " + results.get(i).policy(),
                    Charts.sparkline(queues.get(i), width, queueScale), i == 0 ? "  (full bar: " + queueScale + " tasks)" : ""));
        }
        return out.toString();
    }

    private static long max(long[] values) {
        long max = 0;
        for (long value : values) {
            max = Math.max(max, value);
        }
        return max;
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static long[] toLong(int[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** The largest value in each of {@code width} stretches: a spike stays visible however long the trace. */
    static long[] maxima(long[] values, int width) {
        if (values.length <= width) {
            return values;
        }
        long[] out = new long[width];
        for (int i = 0; i < width; i++) {
            int from = (int) ((long) i * values.length / width);
            int to = (int) ((long) (i + 1) * values.length / width);
            long max = 0;
            for (int j = from; j < to; j++) {
                max = Math.max(max, values[j]);
            }
            out[i] = max;
        }
        return out;
    }
}
