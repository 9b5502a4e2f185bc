package io.qscale.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class TaskQueueIT {

    private static final Duration SHORT = Duration.ofMillis(200);
    private static final String WORKER = "worker-a";

    private RedisSession redis;
    private QueueKeys keys;
    private TaskQueue queue;

    @BeforeEach
    void connect(LocalRedisServer server) {
        redis = RedisSession.connect(RedisEndpoint.parse("test", server.uri()));
        keys = new QueueKeys("q-" + UUID.randomUUID().toString().substring(0, 8));
        queue = new TaskQueue(redis, keys, ProtocolSettings.defaults(), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        redis.close();
    }

    @Test
    void enqueuedTaskIsClaimedIntoTheProcessingListAndLeavesItOnAck() {
        TaskEnvelope task = queue.enqueue("sleep", JsonNodeFactory.instance.objectNode().put("ms", 10));

        ClaimedTask claimed = queue.claim(WORKER, SHORT).orElseThrow();

        assertThat(claimed.envelope().id()).isEqualTo(task.id());
        assertThat(claimed.envelope().attempts()).isEqualTo(1);
        assertThat(claimed.envelope().payload().get("ms").asInt()).isEqualTo(10);
        assertThat(redis.commands().lrange(keys.processing(WORKER), 0, -1)).containsExactly(claimed.raw());
        assertThat(queue.length()).isZero();

        assertThat(queue.ack(WORKER, claimed, Duration.ofMillis(12))).isTrue();

        assertThat(redis.commands().llen(keys.processing(WORKER))).isZero();
        assertThat(redis.commands().hget(keys.worker(WORKER), "processed")).isEqualTo("1");
        assertThat(queue.ack(WORKER, claimed, Duration.ofMillis(12))).as("a second ack finds nothing").isFalse();
    }

    @Test
    void tasksAreClaimedInTheOrderTheyWereEnqueued() {
        List<TaskEnvelope> tasks = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            tasks.add(TaskEnvelope.create("noop", JsonNodeFactory.instance.numberNode(i), Instant.now()));
        }
        assertThat(queue.enqueueAll(tasks)).isEqualTo(1200);

        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ClaimedTask claimed = queue.claim(WORKER, SHORT).orElseThrow();
            order.add(claimed.envelope().payload().asInt());
            queue.ack(WORKER, claimed, Duration.ZERO);
        }
        assertThat(order).containsExactly(0, 1, 2);
    }

    @Test
    void aForeignRawItemIsWrappedAndProcessed() {
        redis.commands().lpush(keys.queue(), "hello");

        ClaimedTask claimed = queue.claim(WORKER, SHORT).orElseThrow();

        assertThat(claimed.envelope().type()).isEqualTo("raw");
        assertThat(claimed.envelope().payload()).isEqualTo(TextNode.valueOf("hello"));
        assertThat(claimed.envelope().id()).startsWith("raw-");
        assertThat(claimed.envelope().attempts()).isEqualTo(1);
        assertThat(queue.ack(WORKER, claimed, Duration.ofMillis(1))).isTrue();
        assertThat(queue.deadLetters(10)).isEmpty();
    }

    @Test
    void malformedItemsGoToTheDeadLetterListWithTheReason() {
        redis.commands().lpush(keys.queue(), "{not json", "{\"id\": 5, \"type\": \"sleep\"}");

        assertThat(queue.claim(WORKER, SHORT)).isEmpty();

        List<DeadLetter> letters = queue.deadLetters(10);
        assertThat(letters).extracting(DeadLetter::reason).containsExactlyInAnyOrder(
                "malformed task: not valid JSON",
                "malformed task: field id must be a non-empty string");
        assertThat(letters).extracting(letter -> letter.task().asText())
                .containsExactlyInAnyOrder("{not json", "{\"id\": 5, \"type\": \"sleep\"}");
        assertThat(queue.length()).isZero();
        assertThat(redis.commands().llen(keys.processing(WORKER))).isZero();
    }

    @Test
    void aTaskThatAlwaysFailsIsRetriedThenDeadLetteredWithItsReason() {
        TaskEnvelope task = queue.enqueue("fail", JsonNodeFactory.instance.nullNode());
        List<FailOutcome> outcomes = new ArrayList<>();

        for (int attempt = 1; attempt <= 3; attempt++) {
            ClaimedTask claimed = queue.claim(WORKER, SHORT).orElseThrow();
            assertThat(claimed.envelope().attempts()).isEqualTo(attempt);
            outcomes.add(queue.fail(WORKER, claimed, "boom", Duration.ofMillis(5)));
        }

        assertThat(outcomes).containsExactly(FailOutcome.RETRY, FailOutcome.RETRY, FailOutcome.DEAD_LETTERED);
        assertThat(queue.claim(WORKER, SHORT)).isEmpty();
        DeadLetter letter = queue.deadLetters(1).get(0);
        assertThat(letter.reason()).isEqualTo("boom (attempt 3 of 3)");
        assertThat(letter.worker()).isEqualTo(WORKER);
        assertThat(letter.task().get("id").asText()).isEqualTo(task.id());
        assertThat(letter.task().get("attempts").asInt()).isEqualTo(3);
        assertThat(letter.task().get("lastError").asText()).isEqualTo("boom");
    }

    @Test
    void aPermanentFailureIsDeadLetteredAtTheFirstAttempt() {
        queue.enqueue("unknown-type", null);
        ClaimedTask claimed = queue.claim(WORKER, SHORT).orElseThrow();

        assertThat(queue.failPermanently(WORKER, claimed, "unknown task type", Duration.ZERO))
                .isEqualTo(FailOutcome.DEAD_LETTERED);
        assertThat(queue.deadLetters(1).get(0).reason()).isEqualTo("unknown task type (attempt 1 of 1)");
    }

    @Test
    void aReleasedTaskIsNextInLine() {
        queue.enqueue("first", null);
        queue.enqueue("second", null);
        ClaimedTask first = queue.claim(WORKER, SHORT).orElseThrow();

        assertThat(queue.release(WORKER, first)).isTrue();

        ClaimedTask again = queue.claim("worker-b", SHORT).orElseThrow();
        assertThat(again.envelope().type()).isEqualTo("first");
        assertThat(again.envelope().attempts()).isEqualTo(2);
    }

    @Test
    void claimWaitsForATaskThatArrivesLater() throws Exception {
        Thread producer = new Thread(() -> {
            try (RedisSession other = RedisSession.connect(redis.endpoint())) {
                Thread.sleep(150);
                new TaskQueue(other, keys, ProtocolSettings.defaults(), Clock.systemUTC()).enqueue("late", null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();

        assertThat(queue.claim(WORKER, Duration.ofSeconds(5))).get()
                .extracting(claimed -> claimed.envelope().type()).isEqualTo("late");
        producer.join();
    }
}
