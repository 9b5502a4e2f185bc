package io.qscale.cli.dashboard;

/** Small text charts for terminals. Stateless and thread-safe. */
public final class Charts {

    private static final char[] BARS = {'▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'};

    private Charts() {
    }

    /** The last {@code width} values as bars scaled to the largest of them; zero is a space. */
    public static String sparkline(long[] values, int width) {
        int from = Math.max(0, values.length - width);
        long max = 1;
        for (int i = from; i < values.length; i++) {
            max = Math.max(max, values[i]);
        }
        return sparkline(values, width, max);
    }

    /** The same on a given scale ({@code max} is a full bar), so that several lines compare. */
    public static String sparkline(long[] values, int width, long max) {
        int from = Math.max(0, values.length - width);
        max = Math.max(1, max);
        StringBuilder line = new StringBuilder();
        for (int i = from; i < values.length; i++) {
            line.append(values[i] <= 0 ? ' ' : BARS[(int) Math.min(BARS.length - 1, (values[i] * BARS.length - 1) / max)]);
        }
        return line.toString();
    }
}
