package io.qscale.cli.http;

import com.sun.net.httpserver.HttpExchange;
import io.qscale.cli.output.SnapshotText;
import io.qscale.core.json.Json;
import io.qscale.manager.runtime.Pool;
import io.qscale.manager.runtime.PoolEvent;
import io.qscale.manager.runtime.Subscription;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;

/**
 * {@code GET /api/events}: server-sent events from the pool's own stream (a snapshot each tick,
 * each decision as it is recorded), at most {@link #MAX_CLIENTS} at once. Thread-safe.
 */
final class EventStream {

    static final int MAX_CLIENTS = 8;

    private final Pool pool;
    private final AtomicInteger clients = new AtomicInteger();

    EventStream(Pool pool) {
        this.pool = pool;
    }

    private static String frame(PoolEvent event) {
        if (event instanceof PoolEvent.Sampled sampled) {
            return "event: snapshot\ndata: " + SnapshotText.json(sampled.snapshot()) + "\n\n";
        }
        if (event instanceof PoolEvent.Decided decided) {
            return "event: decision\ndata: " + Json.encode(decided.decision()) + "\n\n";
        }
        if (event instanceof PoolEvent.Unavailable unavailable) {
            return "event: unavailable\ndata: " + Json.encode(Map.of("reason", unavailable.reason())) + "\n\n";
        }
        return ": keep-alive\n\n";
    }

    void serve(HttpExchange exchange) throws IOException {
        if (clients.incrementAndGet() > MAX_CLIENTS) {
            clients.decrementAndGet();
            throw new HttpReplies.BadRequest(503, "too many event clients (at most " + MAX_CLIENTS + ")");
        }
        LinkedBlockingQueue<PoolEvent> pending = new LinkedBlockingQueue<>(100);
        Subscription subscription = pool.subscribe(pending::offer);
        try {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            while (!Thread.currentThread().isInterrupted()) {
                PoolEvent next = pending.poll(15, TimeUnit.SECONDS);
                String frame = frame(next);
                out.write(frame.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the client went away, or the server stops
        } finally {
            subscription.close();
            clients.decrementAndGet();
        }
    }
}
