package io.qscale.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * CI's short run of {@code benchmarks/run.sh --smoke}: every part runs end to end against the
 * built jars and reports its figures (no assertion on speed: a smoke run's figures mean nothing).
 * The snapshot part fails the run if the snapshot and the per-worker census disagree.
 */
class BenchSmokeIT {

    @TempDir
    Path folder;

    @Test
    void everyPartRunsAndReportsItsFigures() throws Exception {
        Path root = Bench.findRoot(Path.of("").toAbsolutePath()).orElseThrow();
        Path markdown = folder.resolve("results.md");
        Bench bench = new Bench();

        int exit = new CommandLine(bench).execute("--smoke", "--root", root.toString(), "--markdown", markdown.toString());

        assertThat(exit).isZero();
        Map<String, List<Report.Row>> byPart = bench.report().rows().stream()
                .collect(Collectors.groupingBy(Report.Row::part));
        assertThat(byPart.keySet()).containsExactlyInAnyOrder("redis", "snapshot", "drain", "footprint", "reaction", "jmh");
        assertThat(byPart.get("snapshot")).hasSize(2).allSatisfy(row -> assertThat(row.what()).contains("exact"));
        assertThat(byPart.get("drain")).hasSize(3).allSatisfy(row -> assertThat(leadingNumber(row.value())).isPositive());
        assertThat(byPart.get("footprint")).extracting(Report.Row::what).anyMatch(what -> what.startsWith("idle worker RSS"));
        assertThat(byPart.get("reaction")).hasSize(2).allSatisfy(row -> assertThat(leadingNumber(row.value())).isPositive());
        assertThat(byPart.get("jmh")).hasSize(2).allSatisfy(row -> assertThat(row.ratio()).endsWith("x"));
        assertThat(Files.readString(markdown)).startsWith("| part | what | qscale |").contains("| reaction |");
    }

    @Test
    void anUnknownPartOrDrainRunIsRefusedWithTheChoices() {
        Bench bench = new Bench();
        assertThat(new CommandLine(bench).execute("teleport")).isEqualTo(2);
        assertThat(new CommandLine(new Bench()).execute("drain", "--drain-runs", "four")).isEqualTo(2);
    }

    private static double leadingNumber(String value) {
        return Double.parseDouble(value.replace(",", "").split(" ")[0]);
    }
}
