package io.qscale.cli.http;

import com.sun.net.httpserver.HttpExchange;
import io.qscale.core.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** How the API answers: JSON bodies, plain text, and the one error shape. Stateless and thread-safe. */
final class HttpReplies {

    private HttpReplies() {
    }

    /** A client error: its status and message become {@code {"error": "...", "status": N}}. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    static Map<String, Object> error(int status, String message) {
        return Map.of("error", message, "status", status);
    }

    static void json(HttpExchange exchange, int status, Object body) throws IOException {
        text(exchange, status, Json.encode(body), "application/json; charset=utf-8");
    }

    static void text(HttpExchange exchange, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
