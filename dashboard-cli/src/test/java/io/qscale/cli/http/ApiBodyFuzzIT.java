package io.qscale.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qscale.core.json.Json;
import io.qscale.core.metrics.HostMetrics;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.manager.runtime.Pool;
import io.qscale.rules.config.ScalingConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Whatever body a client POSTs, the API answers 200 or a 4xx JSON error, never a 5xx, and a 4xx
 * changes nothing in Redis. A real server on a real Redis, 1,000 requests per run.
 */
class ApiBodyFuzzIT {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final QueueKeys KEYS = new QueueKeys("api-fuzz");
    private static LocalRedisServer server;
    private static Pool pool;
    private static PoolObserver observer;
    private static ApiServer api;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeContainer
    static void start() throws Exception {
        server = LocalRedisServer.start();
        pool = Pool.builder(RedisEndpoint.parse("test", server.uri()), KEYS).hostMetrics(HostMetrics.NONE)
                .config(ScalingConfig.thresholdsProfile()).open();
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        observer = new PoolObserver(pool, meters);
        api = new ApiServer(pool, observer, meters, new ApiSettings("127.0.0.1", 0, Optional.empty(), 1024), "fuzz");
        api.start();
    }

    @AfterContainer
    static void stop() {
        api.close();
        observer.close();
        pool.close();
        server.close();
    }

    @BeforeTry
    void clean() {
        pool.redis().commands().del(KEYS.mode(), KEYS.queue());
    }

    @Property(tries = 1000)
    void everyBodyGetsA200OrA4xxJsonErrorAndA4xxChangesNothing(@ForAll("paths") String path, @ForAll("bodies") String body)
            throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as("%s %s -> %s", path, body, response.body()).isIn(200, 400, 413);
        JsonNode answer = Json.mapper().readTree(response.body());
        if (response.statusCode() != 200) {
            assertThat(answer.get("error").asText()).isNotBlank().doesNotContain("Exception");
            assertThat(answer.get("status").asInt()).isEqualTo(response.statusCode());
            assertThat(pool.redis().commands().get(KEYS.mode())).as("no mode set by %s", body).isNull();
            assertThat(pool.redis().commands().llen(KEYS.queue())).as("nothing enqueued by %s", body).isZero();
        }
    }

    @Provide
    Arbitrary<String> paths() {
        return Arbitraries.of("/api/scale", "/api/mode", "/api/stress");
    }

    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<JsonNode> value = Arbitraries.oneOf(Arbitraries.integers().between(-3, 40).map(NODES::numberNode),
                Arbitraries.of(9, 10, 11, 10_001, 3_600_001, Integer.MAX_VALUE, Integer.MIN_VALUE).map(NODES::numberNode),
                Arbitraries.longs().map(NODES::numberNode), Arbitraries.doubles().between(-2, 2).map(NODES::numberNode),
                Arbitraries.of("auto", "manual", "dry-run", "sleep", "cpu", "magic", "").map(NODES::textNode),
                Arbitraries.of(true, false).map(NODES::booleanNode), Arbitraries.just(NODES.nullNode()),
                Arbitraries.just(NODES.arrayNode().add(1)), Arbitraries.just(NODES.objectNode()));
        Arbitrary<String> objects = Arbitraries.of(List.of("workers", "mode", "tasks", "type", "durationMs", "failRate", "x"))
                .list().ofMaxSize(4).flatMap(keys -> value.list().ofSize(keys.size()).map(values -> {
                    ObjectNode node = NODES.objectNode();
                    for (int i = 0; i < keys.size(); i++) {
                        node.set(keys.get(i), values.get(i));
                    }
                    return Json.encode(node);
                }));
        return Arbitraries.oneOf(objects, value.map(Json::encode), Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().ofMinLength(1100).ofMaxLength(1200));
    }
}
