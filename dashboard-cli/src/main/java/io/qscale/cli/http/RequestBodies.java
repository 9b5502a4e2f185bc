package io.qscale.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import io.qscale.cli.http.HttpReplies.BadRequest;
import io.qscale.core.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads and validates what a request brings: a JSON object body of bounded size with known
 * fields, typed fields within ranges, query parameters. Every failure is a 4xx {@link BadRequest}
 * naming the field and what is allowed. Stateless and thread-safe.
 */
final class RequestBodies {

    private RequestBodies() {
    }

    static JsonNode object(HttpExchange exchange, int maxBytes) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(maxBytes + 1);
        }
        if (bytes.length > maxBytes) {
            throw new BadRequest(413, "the body is larger than " + maxBytes + " bytes");
        }
        JsonNode body;
        try {
            body = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new BadRequest(400, "the body is not valid JSON");
        }
        if (body == null || !body.isObject()) {
            throw new BadRequest(400, "the body must be a JSON object");
        }
        return body;
    }

    static void known(JsonNode body, String... fields) {
        List<String> allowed = List.of(fields);
        body.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw new BadRequest(400, "field " + name + " is not known here; known: " + String.join(", ", allowed));
            }
        });
    }

    /** A whole number the caller checks further (the manual-target rule has its own message). */
    static int integer(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new BadRequest(400, "field " + field + " is required: a whole number");
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new BadRequest(400, "field " + field + " must be a whole number, but was " + value);
        }
        return value.asInt();
    }

    /** A number the caller checks further (the pool's actions have their own limits). */
    static double number(JsonNode body, String field, double fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber()) {
            throw new BadRequest(400, "field " + field + " must be a number, but was " + value);
        }
        return value.asDouble();
    }

    static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new BadRequest(400, "field " + field + " is required: text");
        }
        if (!value.isTextual()) {
            throw new BadRequest(400, "field " + field + " must be text, but was " + value);
        }
        return value.asText();
    }

    static int queryInt(HttpExchange exchange, String name, int fallback, int min, int max) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].equals(name)) {
                    String value = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
                    try {
                        int parsed = Integer.parseInt(value);
                        if (parsed >= min && parsed <= max) {
                            return parsed;
                        }
                    } catch (NumberFormatException e) {
                        // reported below
                    }
                    throw new BadRequest(400, "parameter " + name + " must be a whole number from " + min + " to " + max
                            + ", but was '" + value + "'");
                }
            }
        }
        return fallback;
    }
}
