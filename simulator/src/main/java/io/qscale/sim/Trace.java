package io.qscale.sim;

import io.qscale.rules.validation.Require;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Traffic to replay: one row per second, the tasks that arrive in it and their mean processing
 * time. Immutable.
 *
 * @param name what it is (a scenario's name or a file's)
 * @param seconds the rows, second 0 first
 */
public record Trace(String name, List<Second> seconds) {

    /** The header of a trace file; {@code serviceMs} is optional. */
    public static final String HEADER = "second,arrivals,serviceMs";

    /** The most rows a trace may have: a week of seconds. */
    public static final int MAX_SECONDS = 7 * 86_400;

    /**
     * One second of traffic.
     *
     * @param arrivals tasks that arrive in it (0 to 1,000,000)
     * @param serviceMs their mean processing time in milliseconds (1 to 86,400,000)
     */
    public record Second(int arrivals, long serviceMs) {
        public Second {
            Require.that(arrivals >= 0 && arrivals <= 1_000_000, "arrivals", "must be from 0 to 1000000", arrivals);
            Require.that(serviceMs >= 1 && serviceMs <= 86_400_000L, "serviceMs", "must be from 1 to 86400000", serviceMs);
        }
    }

    public Trace {
        Require.nonBlank("name", name);
        seconds = List.copyOf(seconds);
        Require.that(!seconds.isEmpty() && seconds.size() <= MAX_SECONDS, "seconds",
                "must have 1 to " + MAX_SECONDS + " rows", seconds.size());
    }

    /** How many tasks arrive in the whole trace. */
    public long tasks() {
        return seconds.stream().mapToLong(Second::arrivals).sum();
    }

    /** The trace as a file: the header, then a row per second. */
    public String toCsv() {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < seconds.size(); i++) {
            out.append(i).append(',').append(seconds.get(i).arrivals()).append(',').append(seconds.get(i).serviceMs()).append('\n');
        }
        return out.toString();
    }

    /**
     * Reads a trace file: a header {@code second,arrivals[,serviceMs]}, then one row per second
     * from 0 without gaps; rows without {@code serviceMs} take {@code defaultServiceMs}. A bad
     * file fails with one line naming the line, the field, the value and what is allowed.
     */
    public static Trace parse(String name, BufferedReader in, long defaultServiceMs) {
        try {
            String header = in.readLine();
            if (header == null) {
                throw new IllegalArgumentException(name + ": empty; a trace starts with the header " + HEADER);
            }
            String normalized = header.strip().replace(" ", "");
            boolean withService = normalized.equals(HEADER);
            if (!withService && !normalized.equals("second,arrivals")) {
                throw new IllegalArgumentException(name + " line 1: the header must be 'second,arrivals' or '" + HEADER
                        + "', but was '" + header.strip() + "'");
            }
            List<Second> rows = new ArrayList<>();
            String line;
            int number = 1;
            while ((line = in.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (fields.length < 2 || fields.length > (withService ? 3 : 2)) {
                    throw new IllegalArgumentException(name + " line " + number + ": expected " + (withService ? "2 or 3" : "2")
                            + " comma-separated fields, but was '" + line.strip() + "'");
                }
                long second = number(name, number, "second", fields[0]);
                if (second != rows.size()) {
                    throw new IllegalArgumentException(name + " line " + number + ": second must be " + rows.size()
                            + " (one row per second from 0, in order), but was " + second);
                }
                long arrivals = number(name, number, "arrivals", fields[1]);
                long service = fields.length == 3 && !fields[2].isBlank() ? number(name, number, "serviceMs", fields[2])
                        : defaultServiceMs;
                if (rows.size() >= MAX_SECONDS) {
                    throw new IllegalArgumentException(name + ": more than " + MAX_SECONDS + " rows (a week of seconds)");
                }
                try {
                    rows.add(new Second((int) Math.min(Integer.MAX_VALUE, arrivals), service));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + " line " + number + ": " + e.getMessage(), e);
                }
            }
            if (rows.isEmpty()) {
                throw new IllegalArgumentException(name + ": no rows after the header");
            }
            return new Trace(name, rows);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
    }

    private static long number(String name, int line, String field, String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " line " + line + ": " + field + " must be a whole number, but was '"
                    + text.strip() + "'", e);
        }
    }
}
