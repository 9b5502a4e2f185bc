package io.qscale.rules.format;

import java.time.Duration;
import java.util.Locale;

/**
 * The one place that formats durations, percentages and rates for people (decision reasons, the
 * dashboard, the CLI). Stateless and thread-safe; always uses the root locale.
 */
public final class Human {

    private Human() {
    }

    /** "0 ms", "850 ms", "3.2 s", "45 s", "2 min 05 s", "1 h 02 min". */
    public static String duration(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = Math.round(ms / 1000.0);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** A fraction as a whole percentage: 0.6667 → "67 %". */
    public static String percent(double fraction) {
        return Math.round(fraction * 100) + " %";
    }

    /** Events per second: "0/s", "0.25/s", "1.3/s", "42/s". */
    public static String rate(double perSecond) {
        if (perSecond == 0) {
            return "0/s";
        }
        if (perSecond < 1) {
            return String.format(Locale.ROOT, "%.2f/s", perSecond);
        }
        if (perSecond < 10) {
            return String.format(Locale.ROOT, "%.1f/s", perSecond);
        }
        return Math.round(perSecond) + "/s";
    }

    /** Bytes with a binary unit: "512 B", "1.5 GiB". */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
