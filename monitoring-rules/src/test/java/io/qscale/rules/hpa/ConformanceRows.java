package io.qscale.rules.hpa;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the HPA test vectors of {@code src/test/resources/conformance} (see the README there). */
final class ConformanceRows {

    /** The instant every vector is evaluated at; ages in the files count back from it. */
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private ConformanceRows() {
    }

    static List<Map<String, String>> read(String file) {
        CsvMapper mapper = new CsvMapper();
        CsvSchema schema = CsvSchema.emptySchema().withHeader();
        try (InputStream in = ConformanceRows.class.getResourceAsStream("/conformance/" + file)) {
            MappingIterator<Map<String, String>> rows = mapper.readerForMapOf(String.class).with(schema).readValues(in);
            return rows.readAll();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The controller's checks before any metric ({@code reconcileAutoscaler}): scaling disabled at
     * zero replicas with a non-zero min, and a count outside [min, max] set straight to the bound.
     * Empty when the metrics decide.
     */
    static java.util.OptionalInt rangePreCheck(int current, int min, int max) {
        if (current == 0 && min != 0) {
            return java.util.OptionalInt.of(current);
        }
        if (current > max) {
            return java.util.OptionalInt.of(max);
        }
        if (current < min) {
            return java.util.OptionalInt.of(min);
        }
        return java.util.OptionalInt.empty();
    }

    static List<String> list(String field) {
        if (field == null || field.isBlank() || field.equals("empty")) {
            return List.of();
        }
        return List.of(field.split(";"));
    }

    static int integer(Map<String, String> row, String column) {
        return Integer.parseInt(row.get(column).trim());
    }

    static boolean present(Map<String, String> row, String column) {
        String value = row.get(column);
        return value != null && !value.isBlank();
    }

    /** "Type:value:period;..." */
    static List<RatePolicy> policies(String field) {
        List<RatePolicy> policies = new ArrayList<>();
        for (String item : list(field)) {
            String[] parts = item.split(":");
            RatePolicy.Type type = parts[0].equals("Pods") ? RatePolicy.Type.PODS : RatePolicy.Type.PERCENT;
            policies.add(new RatePolicy(type, Integer.parseInt(parts[1]), Integer.parseInt(parts[2])));
        }
        return policies;
    }

    static SelectPolicy select(String field) {
        return switch (field) {
            case "Min" -> SelectPolicy.MIN;
            case "Disabled" -> SelectPolicy.DISABLED;
            default -> SelectPolicy.MAX;
        };
    }

    static Optional<Duration> window(String field) {
        if (field == null || field.isBlank() || field.equals("nil")) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(Long.parseLong(field)));
    }

    /** "x@age" → an instant age seconds before NOW; age 0 means "an instant before now". */
    static Instant at(String age) {
        long seconds = Long.parseLong(age);
        return seconds == 0 ? NOW.minusMillis(1) : NOW.minusSeconds(seconds);
    }

    static List<ScaleEvent> events(String field) {
        List<ScaleEvent> events = new ArrayList<>();
        for (String item : list(field)) {
            String[] parts = item.split("@");
            events.add(new ScaleEvent(Integer.parseInt(parts[0]), at(parts[1])));
        }
        return events;
    }

    static List<TimestampedRecommendation> recommendations(String field) {
        List<TimestampedRecommendation> recs = new ArrayList<>();
        for (String item : list(field)) {
            String[] parts = item.split("@");
            recs.add(new TimestampedRecommendation(Integer.parseInt(parts[0]), at(parts[1])));
        }
        return recs;
    }
}
