package io.qscale.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results of one run: a row per figure, printed as a table at the end. Not thread-safe. */
final class Report {

    /**
     * One figure.
     *
     * @param part the benchmark part
     * @param what what was measured
     * @param value qscale's figure, with its unit
     * @param baseline what it is compared with, with its figure ("" when nothing)
     * @param ratio qscale over the baseline, as text ("" when nothing)
     * @param goal the goal from docs/benchmarks.md ("" when none)
     * @param verdict "met", "missed" or ""
     */
    record Row(String part, String what, String value, String baseline, String ratio, String goal, String verdict) {
    }

    private final List<Row> rows = new ArrayList<>();

    void add(Row row) {
        rows.add(row);
        System.err.println("  " + row.what() + ": " + row.value() + (row.baseline().isEmpty() ? "" : " | " + row.baseline())
                + (row.ratio().isEmpty() ? "" : " | ratio " + row.ratio()) + (row.goal().isEmpty() ? "" : " | goal " + row.goal()
                + " -> " + row.verdict()));
    }

    List<Row> rows() {
        return List.copyOf(rows);
    }

    static String verdict(boolean met) {
        return met ? "met" : "missed";
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2fx", value);
    }

    static String number(double value) {
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    String text() {
        String[] headers = {"part", "what", "qscale", "baseline (same run)", "ratio", "goal", "verdict"};
        int[] widths = new int[headers.length];
        List<String[]> cells = new ArrayList<>();
        cells.add(headers);
        for (Row row : rows) {
            cells.add(new String[] {row.part(), row.what(), row.value(), row.baseline(), row.ratio(), row.goal(), row.verdict()});
        }
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] line : cells) {
            for (int i = 0; i < line.length; i++) {
                out.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", line[i])).append(i + 1 < line.length ? "  " : "");
            }
            out.append(System.lineSeparator());
        }
        return out.toString().stripTrailing();
    }

    String markdown() {
        StringBuilder out = new StringBuilder("| part | what | qscale | baseline (same run) | ratio | goal | verdict |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(String.join(" | ", row.part(), row.what(), row.value(), row.baseline(), row.ratio(),
                    row.goal(), row.verdict())).append(" |\n");
        }
        return out.toString();
    }
}
