package io.qscale.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qscale.core.protocol.DeadLetter;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.examples.thumbnails.ThumbnailHandler;
import io.qscale.examples.thumbnails.ThumbnailPipeline;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Use case 1: a folder of images through the queue to thumbnails, on a real Redis and a real worker. */
@ExtendWith(RedisServerExtension.class)
class ThumbnailPipelineIT {

    @TempDir
    Path dir;

    @Test
    void everyImageBecomesAThumbnailAndABrokenOneIsDeadLetteredWithItsReason(LocalRedisServer server) throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Path out = dir.resolve("out");
        ExampleSupport.image(in.resolve("wide.png"), 640, 320, "png");
        ExampleSupport.image(in.resolve("tall.jpg"), 200, 500, "jpg");
        ExampleSupport.image(in.resolve("tiny.png"), 40, 30, "png");
        Files.writeString(in.resolve("broken.png"), "not a picture");
        Files.writeString(in.resolve("notes.txt"), "skipped: not an image");
        RedisEndpoint endpoint = RedisEndpoint.parse("test", server.uri());
        QueueKeys keys = new QueueKeys("thumbs-" + UUID.randomUUID().toString().substring(0, 6));

        try (RedisSession redis = RedisSession.connect(endpoint);
                AutoCloseable worker = ExampleSupport.worker(endpoint, keys, "thumbs-1", new ThumbnailHandler(), 2)) {
            TaskQueue queue = new TaskQueue(redis, keys, ProtocolSettings.defaults(), Clock.systemUTC());

            assertThat(ThumbnailPipeline.produce(queue, in, out, 128)).hasSize(4);

            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(out.resolve("wide.png"))
                    && Files.exists(out.resolve("tall.png")) && Files.exists(out.resolve("tiny.png"))
                    && !queue.deadLetters(10).isEmpty());
            assertThat(size(out.resolve("wide.png"))).isEqualTo("128x64");
            assertThat(size(out.resolve("tall.png"))).isEqualTo("51x128");
            assertThat(size(out.resolve("tiny.png"))).as("never scaled up").isEqualTo("40x30");
            assertThat(queue.deadLetters(10)).singleElement().extracting(DeadLetter::reason).asString()
                    .startsWith("not an image ImageIO can read: ").contains("broken.png");
            try (var files = Files.list(out)) {
                assertThat(files.map(p -> p.getFileName().toString())).as("no partial file left")
                        .containsExactlyInAnyOrder("wide.png", "tall.png", "tiny.png");
            }
        }
    }

    private static String size(Path file) throws Exception {
        BufferedImage image = ImageIO.read(file.toFile());
        return image.getWidth() + "x" + image.getHeight();
    }
}
