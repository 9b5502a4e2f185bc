package io.qscale.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qscale.cli.output.SnapshotText;
import io.qscale.core.json.Json;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerRegistry;
import io.qscale.core.redis.RedisSession;
import io.qscale.manager.DecisionLog;
import io.qscale.manager.ManagerMode;
import io.qscale.manager.ManagerModes;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.rules.metrics.MetricsSnapshot;
import io.qscale.worker.demo.DemoTasks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The HTTP API of one pool (JSON), its Prometheus endpoint and health checks, on the JDK's
 * HTTP server. Every request body is validated; a bad request gets a 4xx with
 * {@code {"error": "...", "status": N}} and changes nothing. See docs/api.md. Thread-safe.
 */
public final class ApiServer implements AutoCloseable {

    /** What the API serves: one pool, its observer and settings. */
    public record Pool(RedisSession redis, String queue, String redisDisplay, TaskQueue tasks, WorkerRegistry registry,
            DecisionLog decisions, ManagerModes modes, String leaderKey, ScalingConfig config, String scaler, String version) {
    }

    static final int MAX_EVENT_CLIENTS = 8;

    private final Pool pool;
    private final PoolObserver observer;
    private final PrometheusMeterRegistry registry;
    private final ApiSettings settings;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(MAX_EVENT_CLIENTS + 4, r -> {
        Thread thread = new Thread(r, "qscale-api");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger eventClients = new AtomicInteger();

    public ApiServer(Pool pool, PoolObserver observer, PrometheusMeterRegistry registry, ApiSettings settings) throws IOException {
        this.pool = pool;
        this.observer = observer;
        this.registry = registry;
        this.settings = settings;
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

    /** A client error: its status and message become the JSON error body. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            try {
                if (path.equals("/api/events") && method.equals("GET")) {
                    events(exchange);
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
        switch (path) {
            case "/healthz" -> only(get, method, () -> json(exchange, 200, Map.of("status", "ok")));
            case "/readyz" -> only(get, method, () -> ready(exchange));
            case "/metrics" -> only(get, method, () -> text(exchange, 200, registry.scrape(),
                    "text/plain; version=0.0.4; charset=utf-8"));
            case "/api/metrics" -> only(get, method, () -> json(exchange, 200, SnapshotText.json(snapshot())));
            case "/api/history" -> only(get, method, () -> history(exchange));
            case "/api/workers" -> only(get, method, () -> json(exchange, 200, pool.registry().workers()));
            case "/api/decisions" -> only(get, method, () -> json(exchange, 200,
                    pool.decisions().recent(intParam(exchange, "limit", 20, 1, 1000))));
            case "/api/config" -> only(get, method, () -> json(exchange, 200, config()));
            case "/api/status" -> only(get, method, () -> json(exchange, 200, status()));
            case "/api/scale" -> only(post, method, () -> change(exchange, this::scale));
            case "/api/mode" -> only(post, method, () -> change(exchange, this::mode));
            case "/api/stress" -> only(post, method, () -> change(exchange, this::stress));
            case "/api" -> only(get, method, () -> json(exchange, 200, index()));
            case "/", "/index.html" -> only(get, method, () -> asset(exchange, "io/qscale/cli/web/index.html", "text/html; charset=utf-8"));
            case "/app.js" -> only(get, method, () -> asset(exchange, "io/qscale/cli/web/app.js", "text/javascript; charset=utf-8"));
            case "/style.css" -> only(get, method, () -> asset(exchange, "io/qscale/cli/web/style.css", "text/css; charset=utf-8"));
            case "/assets/chart.umd.js" -> only(get, method, () -> asset(exchange,
                    "META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js", "text/javascript; charset=utf-8"));
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

    private MetricsSnapshot snapshot() {
        MetricsSnapshot latest = observer.latest();
        if (latest == null) {
            throw new BadRequest(503, "no metrics yet: Redis may be unreachable");
        }
        return latest;
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
        int minutes = intParam(exchange, "minutes", 10, 1, 60);
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
        config.put("queue", pool.queue());
        config.put("redis", pool.redisDisplay());
        config.put("scaler", pool.scaler());
        config.put("scaling", pool.config());
        config.put("http", Map.of("bind", settings.bind(), "port", port(), "apiToken", settings.token().isPresent() ? "***" : "none"));
        return config;
    }

    private Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("queue", pool.queue());
        status.put("mode", mode());
        String leader = pool.redis().commands().get(pool.leaderKey());
        status.put("leader", leader);
        status.put("scaler", pool.scaler());
        status.put("version", pool.version());
        return status;
    }

    private String mode() {
        return pool.modes().stored().map(ManagerMode::wire).orElse("auto");
    }

    private Map<String, Object> index() {
        return Map.of("endpoints", List.of("GET /api/metrics", "GET /api/history?minutes=M", "GET /api/workers",
                "GET /api/decisions?limit=K", "GET /api/config", "GET /api/status", "GET /api/events (server-sent events)",
                "POST /api/scale {\"workers\": N}", "POST /api/mode {\"mode\": \"auto|manual|dry-run\", \"workers\": N}",
                "POST /api/stress {\"tasks\": N, \"type\": \"sleep\", \"durationMs\": 3000, \"failRate\": 0}",
                "GET / (web dashboard)", "GET /metrics (Prometheus)", "GET /healthz", "GET /readyz"));
    }

    /** A state change: the token (when one is set), a JSON object body, then the action. */
    private void change(HttpExchange exchange, java.util.function.Function<JsonNode, Map<String, Object>> action) throws IOException {
        if (settings.token().isPresent() && !authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new BadRequest(401, "this API needs a bearer token for changes: Authorization: Bearer <token>");
        }
        JsonNode body = body(exchange);
        json(exchange, 200, action.apply(body));
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        byte[] expected = settings.token().orElseThrow().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected); // constant time
    }

    private JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readNBytes(settings.maxBodyBytes() + 1);
        }
        if (bytes.length > settings.maxBodyBytes()) {
            throw new BadRequest(413, "the body is larger than " + settings.maxBodyBytes() + " bytes");
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

    private Map<String, Object> scale(JsonNode body) {
        known(body, "workers");
        int workers = integer(body, "workers", null, pool.config().minWorkers(), pool.config().maxWorkers());
        pool.modes().set(ManagerMode.manual(workers));
        return Map.of("mode", "manual:" + workers);
    }

    private Map<String, Object> mode(JsonNode body) {
        known(body, "mode", "workers");
        JsonNode mode = body.get("mode");
        if (mode == null || !mode.isTextual()) {
            throw new BadRequest(400, "field mode is required: auto, manual or dry-run");
        }
        ManagerMode chosen = switch (mode.asText()) {
            case "auto" -> ManagerMode.AUTO;
            case "dry-run" -> ManagerMode.DRY_RUN;
            case "manual" -> ManagerMode.manual(integer(body, "workers", null, pool.config().minWorkers(), pool.config().maxWorkers()));
            default -> throw new BadRequest(400, "field mode must be auto, manual or dry-run, but was " + mode);
        };
        if (chosen.kind() != ManagerMode.Kind.MANUAL && body.has("workers")) {
            throw new BadRequest(400, "field workers goes with mode manual only");
        }
        pool.modes().set(chosen);
        return Map.of("mode", chosen.wire());
    }

    private Map<String, Object> stress(JsonNode body) {
        known(body, "tasks", "type", "durationMs", "failRate");
        int tasks = integer(body, "tasks", null, 1, 10_000);
        String type = body.has("type") ? text(body, "type") : "sleep";
        if (!DemoTasks.TYPES.contains(type)) {
            throw new BadRequest(400, "field type must be one of " + String.join(", ", DemoTasks.TYPES) + ", but was \"" + type + "\"");
        }
        int durationMs = integer(body, "durationMs", 3000, 0, 3_600_000);
        double failRate = number(body, "failRate", 0, 0, 1);
        long length = pool.tasks().enqueueAll(DemoTasks.batch(type, tasks, durationMs, failRate, Instant.now()));
        return Map.of("enqueued", tasks, "queueLength", length);
    }

    private static void known(JsonNode body, String... fields) {
        List<String> allowed = List.of(fields);
        body.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw new BadRequest(400, "field " + name + " is not known here; known: " + String.join(", ", allowed));
            }
        });
    }

    private static int integer(JsonNode body, String field, Integer fallback, int min, int max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (fallback == null) {
                throw new BadRequest(400, "field " + field + " is required: a whole number from " + min + " to " + max);
            }
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
            throw new BadRequest(400, "field " + field + " must be a whole number from " + min + " to " + max + ", but was " + value);
        }
        return value.asInt();
    }

    private static double number(JsonNode body, String field, double fallback, double min, double max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
            throw new BadRequest(400, "field " + field + " must be a number from " + min + " to " + max + ", but was " + value);
        }
        return value.asDouble();
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (!value.isTextual()) {
            throw new BadRequest(400, "field " + field + " must be text, but was " + value);
        }
        return value.asText();
    }

    private int intParam(HttpExchange exchange, String name, int fallback, int min, int max) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                if (kv[0].equals(name)) {
                    String value = kv.length > 1 ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
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

    /** Server-sent events: a snapshot every second, each new decision as it is recorded. */
    private void events(HttpExchange exchange) throws IOException {
        if (eventClients.incrementAndGet() > MAX_EVENT_CLIENTS) {
            eventClients.decrementAndGet();
            throw new BadRequest(503, "too many event clients (at most " + MAX_EVENT_CLIENTS + ")");
        }
        LinkedBlockingQueue<Object> pending = new LinkedBlockingQueue<>(100);
        Consumer<Object> listener = pending::offer;
        observer.listen(listener);
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            while (!Thread.currentThread().isInterrupted()) {
                Object next = pending.poll(15, TimeUnit.SECONDS);
                String frame;
                if (next == null) {
                    frame = ": keep-alive\n\n";
                } else if (next instanceof MetricsSnapshot snapshot) {
                    frame = "event: snapshot\ndata: " + SnapshotText.json(snapshot) + "\n\n";
                } else {
                    frame = "event: decision\ndata: " + Json.encode(next) + "\n\n";
                }
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the server stops
        } finally {
            observer.unlisten(listener);
            eventClients.decrementAndGet();
        }
    }

    /** A static file from the jar (the web dashboard and Chart.js from its webjar). */
    private static void asset(HttpExchange exchange, String resource, String type) throws IOException {
        try (InputStream in = ApiServer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new BadRequest(404, "missing asset " + resource);
            }
            byte[] bytes = in.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, Object> error(int status, String message) {
        return Map.of("error", message, "status", status);
    }

    private static void json(HttpExchange exchange, int status, Object body) throws IOException {
        text(exchange, status, Json.encode(body), "application/json; charset=utf-8");
    }

    private static void text(HttpExchange exchange, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
