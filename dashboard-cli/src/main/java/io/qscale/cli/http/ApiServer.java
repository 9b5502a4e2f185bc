package io.qscale.cli.http;

import static io.qscale.cli.http.HttpReplies.error;
import static io.qscale.cli.http.HttpReplies.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qscale.cli.http.HttpReplies.BadRequest;
import io.qscale.cli.output.SnapshotText;
import io.qscale.core.control.ManagerMode;
import io.qscale.manager.runtime.Pool;
import io.qscale.rules.metrics.MetricsSnapshot;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The HTTP API of one pool (JSON), its Prometheus endpoint, health checks and the web dashboard,
 * on the JDK's HTTP server. This class routes and reads; authentication ({@link TokenCheck}),
 * body validation ({@link RequestBodies}), actions ({@link PoolApiActions}), the event stream
 * ({@link EventStream}) and static files ({@link StaticAssets}) are their own classes. Snapshots
 * and history come from the pool's stream through the {@link PoolObserver}, never from a sample
 * of its own. A bad request gets a 4xx with {@code {"error": "...", "status": N}} and changes
 * nothing. See docs/api.md. Thread-safe.
 */
public final class ApiServer implements AutoCloseable {

    private final Pool pool;
    private final PoolObserver observer;
    private final PrometheusMeterRegistry registry;
    private final ApiSettings settings;
    private final String version;
    private final TokenCheck token;
    private final PoolApiActions actions;
    private final EventStream events;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(EventStream.MAX_CLIENTS + 4, r -> {
        Thread thread = new Thread(r, "qscale-api");
        thread.setDaemon(true);
        return thread;
    });

    public ApiServer(Pool pool, PoolObserver observer, PrometheusMeterRegistry registry, ApiSettings settings, String version)
            throws IOException {
        this.pool = pool;
        this.observer = observer;
        this.registry = registry;
        this.settings = settings;
        this.version = version;
        this.token = new TokenCheck(settings.token());
        this.actions = new PoolApiActions(pool);
        this.events = new EventStream(pool);
        this.server = HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
    }

    public void start() {
        server.start();
    }

    /** The port in use (the chosen one when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            try {
                if (path.equals("/api/events") && method.equals("GET")) {
                    events.serve(exchange);
                    return;
                }
                route(exchange, method, path);
            } catch (BadRequest e) {
                json(exchange, e.status, error(e.status, e.getMessage()));
            } catch (RuntimeException e) {
                json(exchange, 503, error(503, "the pool cannot be read right now: " + e.getMessage()));
            }
        }
    }

    private void route(HttpExchange exchange, String method, String path) throws IOException {
        boolean get = method.equals("GET");
        boolean post = method.equals("POST");
        if (StaticAssets.has(path)) {
            only(get, method, () -> StaticAssets.serve(exchange, path));
            return;
        }
        switch (path) {
            case "/healthz" -> only(get, method, () -> json(exchange, 200, Map.of("status", "ok")));
            case "/readyz" -> only(get, method, () -> ready(exchange));
            case "/metrics" -> only(get, method, () -> HttpReplies.text(exchange, 200, registry.scrape(),
                    "text/plain; version=0.0.4; charset=utf-8"));
            case "/api/metrics" -> only(get, method, () -> json(exchange, 200, SnapshotText.json(snapshot(), pool.latestAge())));
            case "/api/history" -> only(get, method, () -> history(exchange));
            case "/api/workers" -> only(get, method, () -> json(exchange, 200, pool.registry().workers()));
            case "/api/decisions" -> only(get, method, () -> json(exchange, 200,
                    pool.decisions().recent(RequestBodies.queryInt(exchange, "limit", 20, 1, 1000))));
            case "/api/config" -> only(get, method, () -> json(exchange, 200, config()));
            case "/api/status" -> only(get, method, () -> json(exchange, 200, status()));
            case "/api/scale" -> only(post, method, () -> change(exchange, actions::scale));
            case "/api/mode" -> only(post, method, () -> change(exchange, actions::mode));
            case "/api/stress" -> only(post, method, () -> change(exchange, actions::stress));
            case "/api" -> only(get, method, () -> json(exchange, 200, index()));
            default -> throw new BadRequest(404, "no endpoint " + path + "; GET /api lists them");
        }
    }

    @FunctionalInterface
    private interface Action {
        void run() throws IOException;
    }

    private static void only(boolean allowed, String method, Action action) throws IOException {
        if (!allowed) {
            throw new BadRequest(405, "method " + method + " is not allowed here");
        }
        action.run();
    }

    /** A state change: the token (when one is set), a JSON object body, then the action. */
    private void change(HttpExchange exchange, Function<JsonNode, Map<String, Object>> action) throws IOException {
        token.require(exchange);
        JsonNode body = RequestBodies.object(exchange, settings.maxBodyBytes());
        json(exchange, 200, action.apply(body));
    }

    private MetricsSnapshot snapshot() {
        return pool.latest().orElseThrow(() -> new BadRequest(503, "no metrics yet: Redis may be unreachable"));
    }

    private void ready(HttpExchange exchange) throws IOException {
        try {
            pool.redis().commands().ping();
            json(exchange, 200, Map.of("status", "ready"));
        } catch (RuntimeException e) {
            json(exchange, 503, error(503, "Redis does not answer: " + e.getMessage()));
        }
    }

    private void history(HttpExchange exchange) throws IOException {
        int minutes = RequestBodies.queryInt(exchange, "minutes", 10, 1, 60);
        List<Map<String, Object>> points = new ArrayList<>();
        observer.history(Instant.now().minus(Duration.ofMinutes(minutes))).forEach(point -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("at", point.at().toString());
            row.put("queueLength", point.queue());
            row.put("activeWorkers", point.workers());
            row.put("busyWorkers", point.busy());
            row.put("targetWorkers", point.target());
            points.add(row);
        });
        json(exchange, 200, Map.of("minutes", minutes, "points", points));
    }

    private Map<String, Object> config() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("queue", pool.keys().queueName());
        config.put("redis", pool.endpoint().toString());
        config.put("scaler", pool.scalerName());
        config.put("scaling", pool.config());
        config.put("http", Map.of("bind", settings.bind(), "port", port(), "apiToken", settings.token().isPresent() ? "***" : "none"));
        return config;
    }

    private Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("queue", pool.keys().queueName());
        status.put("mode", pool.modes().stored().map(ManagerMode::wire).orElse("auto"));
        status.put("leader", pool.redis().commands().get(pool.keys().leader()));
        status.put("scaler", pool.scalerName());
        status.put("version", version);
        return status;
    }

    private static Map<String, Object> index() {
        return Map.of("endpoints", List.of("GET /api/metrics", "GET /api/history?minutes=M", "GET /api/workers",
                "GET /api/decisions?limit=K", "GET /api/config", "GET /api/status", "GET /api/events (server-sent events)",
                "POST /api/scale {\"workers\": N}", "POST /api/mode {\"mode\": \"auto|manual|dry-run\", \"workers\": N}",
                "POST /api/stress {\"tasks\": N, \"type\": \"sleep\", \"durationMs\": 3000, \"failRate\": 0}",
                "GET / (web dashboard)", "GET /metrics (Prometheus)", "GET /healthz", "GET /readyz"));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
