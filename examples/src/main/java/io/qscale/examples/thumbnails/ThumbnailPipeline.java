package io.qscale.examples.thumbnails;

import io.qscale.core.json.Json;
import io.qscale.core.protocol.ProtocolSettings;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.protocol.TaskEnvelope;
import io.qscale.core.protocol.TaskQueue;
import io.qscale.core.protocol.WorkerIdentity;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.core.redis.RedisSession;
import io.qscale.worker.Worker;
import io.qscale.worker.WorkerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A thumbnail pipeline: {@code produce IN OUT} enqueues one {@code thumbnail} task per image in
 * folder IN; {@code work} runs a worker that makes them (as many at once as the machine has
 * cores), until drained or stopped. Redis and the queue come from {@code REDIS_URL} and
 * {@code --queue Q} or {@code QSCALE_QUEUE} (default {@code thumbnails}). Run the workers under qscale
 * ({@code qscale manager --scaler local --scaler-setting command=...}, docs/use-cases.md).
 */
public final class ThumbnailPipeline {

    private static final List<String> IMAGES = List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp");

    private ThumbnailPipeline() {
    }

    /** Enqueues one task per image file of {@code in} (not recursive), in name order; returns them. */
    public static List<TaskEnvelope> produce(TaskQueue queue, Path in, Path out, int size) throws IOException {
        List<TaskEnvelope> tasks = new ArrayList<>();
        try (Stream<Path> files = Files.list(in)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = file.getFileName().toString();
                if (IMAGES.stream().anyMatch(name.toLowerCase(Locale.ROOT)::endsWith)) {
                    String stem = name.substring(0, name.lastIndexOf('.'));
                    tasks.add(TaskEnvelope.create(ThumbnailHandler.TYPE, Json.mapper().createObjectNode()
                            .put("source", file.toAbsolutePath().toString())
                            .put("target", out.resolve(stem + ".png").toAbsolutePath().toString())
                            .put("size", size), Instant.now()));
                }
            }
        }
        queue.enqueueAll(tasks);
        return tasks;
    }

    public static void main(String[] args) throws Exception {
        RedisEndpoint endpoint = RedisEndpoint.parse("REDIS_URL", System.getenv().getOrDefault("REDIS_URL", "redis://127.0.0.1:6379"));
        // The local scaler appends "--queue Q" to a worker's command.
        List<String> words = new ArrayList<>(List.of(args));
        String queueName = System.getenv().getOrDefault("QSCALE_QUEUE", "thumbnails");
        int flag = words.indexOf("--queue");
        if (flag >= 0 && flag + 1 < words.size()) {
            queueName = words.get(flag + 1);
            words.subList(flag, flag + 2).clear();
        }
        args = words.toArray(new String[0]);
        QueueKeys keys = new QueueKeys(queueName);
        try (RedisSession redis = RedisSession.connect(endpoint)) {
            if (args.length == 3 && args[0].equals("produce")) {
                List<TaskEnvelope> tasks = produce(new TaskQueue(redis, keys, ProtocolSettings.defaults(), Clock.systemUTC()),
                        Path.of(args[1]), Path.of(args[2]), ThumbnailHandler.DEFAULT_SIZE);
                System.out.println("enqueued " + tasks.size() + " thumbnail task(s) on " + keys.queueName());
            } else if (args.length == 1 && args[0].equals("work")) {
                WorkerSettings settings = WorkerSettings.defaults().withConcurrency(Runtime.getRuntime().availableProcessors());
                Worker worker = new Worker(redis, keys, WorkerIdentity.ofThisProcess(System.getenv(), Instant.now(), "examples"),
                        new ThumbnailHandler(), settings, Clock.systemUTC());
                Runtime.getRuntime().addShutdownHook(new Thread(worker::stop));
                worker.run();
            } else {
                System.err.println("usage: ThumbnailPipeline produce IN OUT | work [--queue Q]");
                System.exit(2);
            }
        }
    }
}
