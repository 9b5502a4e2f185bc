package io.qscale.examples.signup;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.qscale.core.json.Json;
import io.qscale.core.protocol.TaskEnvelope;
import io.qscale.core.protocol.TaskQueue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

/**
 * A web app that answers at once and leaves the slow part to workers: {@code POST /signup} with
 * {@code {"email": "ada@example.com"}} enqueues a {@code welcome-email} task and answers 202 with
 * its id; the request never waits for the mail. A bad body is a 400 with a JSON error and
 * enqueues nothing. Uses the JDK's HTTP server. Thread-safe.
 */
public final class SignupApp implements AutoCloseable {

    public static final String TYPE = "welcome-email";
    private static final int MAX_BODY = 4096;

    private final HttpServer server;
    private final TaskQueue queue;

    private SignupApp(HttpServer server, TaskQueue queue) {
        this.server = server;
        this.queue = queue;
    }

    /** Listens on {@code bind:port} (port 0: any free one). */
    public static SignupApp start(TaskQueue queue, String bind, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 0);
        SignupApp app = new SignupApp(server, queue);
        server.createContext("/signup", app::signup);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        return app;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void signup(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                reply(exchange, 405, Map.of("error", "use POST /signup with {\"email\": \"...\"}"));
                return;
            }
            String email;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readNBytes(MAX_BODY + 1);
                if (body.length > MAX_BODY) {
                    reply(exchange, 413, Map.of("error", "the body must be at most " + MAX_BODY + " bytes"));
                    return;
                }
                JsonNode json = Json.mapper().readTree(body);
                email = json == null ? null : json.path("email").asText(null);
            } catch (JsonProcessingException e) {
                reply(exchange, 400, Map.of("error", "the body must be JSON: {\"email\": \"...\"}"));
                return;
            }
            if (email == null || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+") || email.length() > 254) {
                reply(exchange, 400, Map.of("error", "email must be an address such as ada@example.com"));
                return;
            }
            TaskEnvelope task = queue.enqueue(TYPE, Json.mapper().createObjectNode().put("email", email));
            reply(exchange, 202, Map.of("task", task.id()));
        }
    }

    private static void reply(HttpExchange exchange, int status, Map<String, String> body) throws IOException {
        byte[] bytes = Json.encode(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}
