package io.qscale.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qscale.core.json.Json;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.examples.signup.SignupApp;
import io.qscale.examples.signup.WelcomeEmailHandler;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Use case 3: an HTTP request enqueues and answers at once; a worker sends the mail later. */
@ExtendWith(RedisServerExtension.class)
class SignupAppIT {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> post(SignupApp app, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/signup"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aSignupIsAcceptedAtOnceAndItsMailSentByAWorker(LocalRedisServer server) throws Exception {
        RedisEndpoint endpoint = RedisEndpoint.parse("test", server.uri());
        QueueKeys keys = new QueueKeys("signup-" + UUID.randomUUID().toString().substring(0, 6));
        Path outbox = dir.resolve("outbox.txt");
        try (RedisSession redis = RedisSession.connect(endpoint)) {
            TaskQueue queue = new TaskQueue(redis, keys, ProtocolSettings.defaults(), Clock.systemUTC());
            try (SignupApp app = SignupApp.start(queue, "127.0.0.1", 0)) {
                HttpResponse<String> accepted = post(app, "{\"email\": \"ada@example.com\"}");

                assertThat(accepted.statusCode()).isEqualTo(202);
                String id = Json.mapper().readTree(accepted.body()).get("task").asText();
                assertThat(queue.length()).isEqualTo(1);
                assertThat(redis.commands().lrange(keys.queue(), 0, -1)).singleElement().asString().contains(id);

                HttpResponse<String> bad = post(app, "{\"email\": \"not an address\"}");
                HttpResponse<String> notJson = post(app, "email=ada");
                assertThat(bad.statusCode()).isEqualTo(400);
                assertThat(Json.mapper().readTree(bad.body()).get("error").asText()).startsWith("email must be");
                assertThat(notJson.statusCode()).isEqualTo(400);
                assertThat(queue.length()).as("a bad request enqueues nothing").isEqualTo(1);
            }
            try (AutoCloseable worker = ExampleSupport.worker(endpoint, keys, "mailer-1", new WelcomeEmailHandler(outbox), 1)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(outbox)
                        && Files.readString(outbox).contains("To: ada@example.com"));
            }
            assertThat(queue.length()).isZero();
        }
    }
}
