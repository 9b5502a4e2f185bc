package io.qscale.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntToDoubleFunction;

/**
 * The bundled traffic scenarios, generated (not stored): the seed's burst, a step, a diurnal
 * cycle, a flash crowd, on/off batches and slow tasks. Deterministic. Thread-safe.
 */
public final class Scenarios {

    private static final Map<String, String> DESCRIPTIONS = new TreeMap<>(Map.of(
            "seed-burst", "the seed's story: 25 tasks of 3 s at once after 10 quiet seconds (4 min)",
            "step", "0.5 tasks/s of 2 s, then 3/s for 5 min, then 0.5/s again (10 min)",
            "diurnal", "a day compressed into an hour: 0.5 to 3 tasks/s of 2 s along a sine (1 h)",
            "flash-crowd", "0.5 tasks/s of 1 s, then 12/s decaying over a minute from minute 5 (15 min)",
            "on-off", "a batch of 100 tasks of 1.5 s every 5 min (30 min)",
            "slow-tasks", "0.2 tasks/s of 30 s: six busy workers' worth (20 min)"));

    private Scenarios() {
    }

    /** Name to one-line description, sorted by name. */
    public static Map<String, String> all() {
        return DESCRIPTIONS;
    }

    /** The scenario called {@code name}; an unknown name fails listing the known ones. */
    public static Trace named(String name) {
        return switch (name) {
            case "seed-burst" -> burst(name, 240, 10, 25, 3000);
            case "step" -> rate(name, 600, s -> s >= 120 && s < 420 ? 3.0 : 0.5, 2000);
            case "diurnal" -> rate(name, 3600, s -> 0.5 + 2.5 * (1 - Math.cos(2 * Math.PI * s / 3600.0)) / 2, 2000);
            case "flash-crowd" -> rate(name, 900, s -> s >= 300 && s < 360 ? 0.5 + 11.5 * Math.exp(-(s - 300) / 20.0) : 0.5, 1000);
            case "on-off" -> onOff(name);
            case "slow-tasks" -> rate(name, 1200, s -> 0.2, 30_000);
            default -> throw new IllegalArgumentException("unknown scenario '" + name + "'; the scenarios are "
                    + String.join(", ", DESCRIPTIONS.keySet()));
        };
    }

    private static Trace burst(String name, int seconds, int at, int tasks, long serviceMs) {
        List<Trace.Second> rows = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            rows.add(new Trace.Second(s == at ? tasks : 0, serviceMs));
        }
        return new Trace(name, rows);
    }

    /** A rate per second made whole by carrying the fractions over: 0.5/s is one task every other second. */
    private static Trace rate(String name, int seconds, IntToDoubleFunction perSecond, long serviceMs) {
        List<Trace.Second> rows = new ArrayList<>();
        double carried = 0;
        for (int s = 0; s < seconds; s++) {
            carried += perSecond.applyAsDouble(s);
            int whole = (int) Math.floor(carried + 1e-9);
            carried -= whole;
            rows.add(new Trace.Second(whole, serviceMs));
        }
        return new Trace(name, rows);
    }

    private static Trace onOff(String name) {
        List<Trace.Second> rows = new ArrayList<>();
        for (int s = 0; s < 1800; s++) {
            rows.add(new Trace.Second(s % 300 == 30 ? 100 : 0, 1500));
        }
        return new Trace(name, rows);
    }
}
