package io.qscale.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.qscale.core.json.Json;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * Whatever a producer pushes, the {@code start} script never raises and never loses the item: a
 * worker either gets a task (attempts + 1) or the item is in the dead-letter list with a reason.
 * Real Redis, 1,000 items per run.
 */
class EnvelopeFuzzIT {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static LocalRedisServer server;
    private static RedisSession redis;
    private static final QueueKeys KEYS = new QueueKeys("fuzz");
    private static TaskQueue queue;

    @BeforeContainer
    static void startRedis() {
        // Redis times out a blocked BLMOVE on its cron (hz 10: 100 ms); a refused item's short claim should not wait that long.
        server = LocalRedisServer.start(LocalRedisServer.locateBinary(System.getenv(LocalRedisServer.BINARY_ENV)),
                List.of("--hz", "500"));
        redis = RedisSession.connect(RedisEndpoint.parse("test", server.uri()));
        queue = new TaskQueue(redis, KEYS, ProtocolSettings.defaults(), Clock.systemUTC());
    }

    @AfterContainer
    static void stopRedis() {
        redis.close();
        server.close();
    }

    @BeforeTry
    void emptyQueue() {
        redis.commands().del(KEYS.queue(), KEYS.processing("w"), KEYS.deadLetters(), KEYS.worker("w"));
    }

    @Property(tries = 1000)
    void startNeverRaisesNorLosesAnItem(@ForAll("items") String item) {
        redis.commands().lpush(KEYS.queue(), item);

        Optional<ClaimedTask> claimed = queue.claim("w", Duration.ofMillis(10));

        long queued = redis.commands().llen(KEYS.queue());
        long held = redis.commands().llen(KEYS.processing("w"));
        List<DeadLetter> dead = queue.deadLetters(10);
        assertThat(queued).as("nothing left waiting: %s", item).isZero();
        if (claimed.isPresent()) {
            assertThat(held).as("the claimed task is in the worker's list").isEqualTo(1);
            assertThat(dead).isEmpty();
            assertThat(claimed.get().envelope().attempts()).isPositive();
        } else {
            assertThat(held).as("a refused item is not held: %s", item).isZero();
            assertThat(dead).as("a refused item is dead-lettered: %s", item).singleElement()
                    .satisfies(letter -> assertThat(letter.reason()).startsWith("malformed task: "));
        }
    }

    @Provide
    Arbitrary<String> items() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60),
                Arbitraries.strings().ofMaxLength(30).map(text -> "{" + text),
                envelopes().map(Json::encode));
    }

    /** Envelope-shaped objects whose fields are sometimes missing, of another type, or out of range. */
    private Arbitrary<JsonNode> envelopes() {
        return Combinators.combine(field(Arbitraries.strings().ofMaxLength(12).map(NODES::textNode)),
                field(Arbitraries.of("sleep", "", "noop", "x").map(NODES::textNode)), field(numbers()), field(numbers()),
                field(anyValue())).as((id, type, attempts, enqueuedAt, payload) -> {
                    ObjectNode node = NODES.objectNode();
                    id.ifPresent(value -> node.set("id", value));
                    type.ifPresent(value -> node.set("type", value));
                    attempts.ifPresent(value -> node.set("attempts", value));
                    enqueuedAt.ifPresent(value -> node.set("enqueuedAt", value));
                    payload.ifPresent(value -> node.set("payload", value));
                    return node;
                });
    }

    /** A field's value: usually the expected kind, sometimes any kind, sometimes left out. */
    private static Arbitrary<Optional<JsonNode>> field(Arbitrary<JsonNode> expected) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, expected.map(Optional::of)),
                net.jqwik.api.Tuple.of(2, anyValue().map(Optional::of)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(Optional.<JsonNode>empty())));
    }

    private static Arbitrary<JsonNode> numbers() {
        return Arbitraries.oneOf(Arbitraries.integers().between(-3, 5).map(NODES::numberNode),
                Arbitraries.longs().map(NODES::numberNode),
                Arbitraries.doubles().map(NODES::numberNode),
                Arbitraries.of(1e300, 2.5, -0.0, 4294967296.0).map(NODES::numberNode));
    }

    private static Arbitrary<JsonNode> anyValue() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(10).map(NODES::textNode),
                Arbitraries.integers().map(NODES::numberNode), Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()), Arbitraries.just(NODES.arrayNode().add(1).add("a")),
                Arbitraries.just(NODES.objectNode().put("k", 1)));
    }
}
