package io.qscale.cli.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;

/** The web dashboard's files and Chart.js from its webjar, served from the class path. Stateless and thread-safe. */
final class StaticAssets {

    private record Asset(String resource, String type) {
    }

    private static final Map<String, Asset> ASSETS = Map.of(
            "/", new Asset("io/qscale/cli/web/index.html", "text/html; charset=utf-8"),
            "/index.html", new Asset("io/qscale/cli/web/index.html", "text/html; charset=utf-8"),
            "/app.js", new Asset("io/qscale/cli/web/app.js", "text/javascript; charset=utf-8"),
            "/style.css", new Asset("io/qscale/cli/web/style.css", "text/css; charset=utf-8"),
            "/assets/chart.umd.js", new Asset("META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js",
                    "text/javascript; charset=utf-8"));

    private StaticAssets() {
    }

    /** Whether {@code path} names an asset. */
    static boolean has(String path) {
        return ASSETS.containsKey(path);
    }

    static void serve(HttpExchange exchange, String path) throws IOException {
        Asset asset = Optional.ofNullable(ASSETS.get(path)).orElseThrow(() -> new HttpReplies.BadRequest(404, "no asset " + path));
        try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(asset.resource())) {
            if (in == null) {
                throw new HttpReplies.BadRequest(404, "missing asset " + asset.resource());
            }
            byte[] bytes = in.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", asset.type());
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
