package io.qscale.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Redis itself does with the commands of the queue path, measured by redis-benchmark on the
 * same server with 4 clients: the ceiling any queue on it works under. The drain part reports
 * qscale's rate against the script-call figure measured here.
 */
final class RedisBaseline {

    private static final Pattern RPS = Pattern.compile("([0-9.]+) requests per second");

    private final BenchContext context;

    RedisBaseline(BenchContext context) {
        this.context = context;
    }

    void run() throws IOException, InterruptedException {
        Optional<Path> binary = Optional.of(context.redisBinary().resolveSibling("redis-benchmark")).filter(Files::isExecutable)
                .or(() -> BenchContext.onPath("redis-benchmark"));
        if (binary.isEmpty()) {
            System.err.println("[redis] skipped: no redis-benchmark next to " + context.redisBinary() + " or on the PATH");
            return;
        }
        int n = context.smoke() ? 2_000 : 200_000;
        Progress progress = new Progress("redis");
        double lpush = rate(binary.get(), progress, n, "LPUSH", "qscale-bench-list", "x");
        double lmove = rate(binary.get(), progress, n, "LMOVE", "qscale-bench-list", "qscale-bench-other", "RIGHT", "LEFT");
        double eval = rate(binary.get(), progress, n, "EVAL", "return 1", "0");
        progress.done("done");
        context.redis().commands().del("qscale-bench-list", "qscale-bench-other");
        Report report = context.report();
        report.add(new Report.Row("redis", "LPUSH, 4 clients (redis-benchmark)", Report.number(lpush) + " /s", "", "", "", ""));
        report.add(new Report.Row("redis", "LMOVE, 4 clients (redis-benchmark)", Report.number(lmove) + " /s", "", "", "", ""));
        report.add(new Report.Row("redis", "EVAL of an empty script, 4 clients", Report.number(eval) + " /s",
                "LMOVE " + Report.number(lmove) + " /s", Report.ratio(eval / lmove), "", ""));
        context.remember("redis.eval", eval);
    }

    private double rate(Path binary, Progress progress, int n, String... command) throws IOException, InterruptedException {
        progress.update(command[0] + " x " + n);
        List<String> args = new ArrayList<>(List.of(binary.toString(), "-p", Integer.toString(context.redisPort()),
                "-n", Integer.toString(n), "-c", "4", "-q"));
        args.addAll(List.of(command));
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        Matcher matcher = RPS.matcher(out);
        double last = Double.NaN;
        while (matcher.find()) {
            last = Double.parseDouble(matcher.group(1));
        }
        if (Double.isNaN(last)) {
            throw new IllegalStateException("redis-benchmark printed no rate: " + out.strip());
        }
        return last;
    }
}
