package io.qscale.examples;

import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.WorkerIdentity;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.worker.TaskHandler;
import io.qscale.worker.Worker;
import io.qscale.worker.WorkerSettings;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import javax.imageio.ImageIO;

/** What the example tests share: a real worker in a thread, and test images. */
final class ExampleSupport {

    private ExampleSupport() {
    }

    /** A worker running {@code handler} on its own thread; {@link AutoCloseable#close()} drains it. */
    static AutoCloseable worker(RedisEndpoint endpoint, QueueKeys keys, String id, TaskHandler handler, int slots) {
        RedisSession redis = RedisSession.connect(endpoint);
        Worker worker = new Worker(redis, keys, new WorkerIdentity(id, "test", 1, Instant.now(), "test"), handler,
                WorkerSettings.defaults().withConcurrency(slots), Clock.systemUTC());
        Thread thread = new Thread(worker, "example-" + id);
        thread.start();
        return () -> {
            worker.stop();
            thread.join(30_000);
            redis.close();
        };
    }

    /** Writes a width × height picture (a gradient, so scaling has something to do). */
    static Path image(Path file, int width, int height, String format) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        for (int x = 0; x < width; x += 8) {
            g.setColor(new Color((x * 255) / width, 80, 160));
            g.fillRect(x, 0, 8, height);
        }
        g.dispose();
        ImageIO.write(image, format, file.toFile());
        return file;
    }
}
