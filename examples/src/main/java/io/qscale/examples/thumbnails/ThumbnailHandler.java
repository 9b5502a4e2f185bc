package io.qscale.examples.thumbnails;

import com.fasterxml.jackson.databind.JsonNode;
import io.qscale.core.protocol.TaskEnvelope;
import io.qscale.worker.PermanentTaskFailure;
import io.qscale.worker.TaskHandler;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import java.nio.file.StandardCopyOption;

/**
 * Task type {@code thumbnail}, payload {@code {"source": "in/cat.jpg", "target": "out/cat.png",
 * "size": 128}}: reads the image with the JDK's ImageIO, scales it so that its longer side is
 * {@code size} pixels (never up), and writes a PNG. An unreadable or missing source cannot get
 * better by retrying: it is dead-lettered at once with the reason. A write that fails (a full
 * disk) is retried. Stateless and thread-safe: one instance serves every slot.
 */
public final class ThumbnailHandler implements TaskHandler {

    public static final String TYPE = "thumbnail";
    public static final int DEFAULT_SIZE = 128;

    @Override
    public void handle(TaskEnvelope task) throws Exception {
        JsonNode payload = task.payload();
        Path source = Path.of(text(payload, "source"));
        Path target = Path.of(text(payload, "target"));
        int size = payload.path("size").asInt(DEFAULT_SIZE);
        if (size < 1 || size > 4096) {
            throw new PermanentTaskFailure("size must be between 1 and 4096, but was " + size);
        }
        if (!Files.isRegularFile(source)) {
            throw new PermanentTaskFailure("no such image: " + source);
        }
        BufferedImage image;
        try {
            image = ImageIO.read(source.toFile());
        } catch (IOException e) {
            throw new PermanentTaskFailure("cannot read " + source + ": " + e.getMessage());
        }
        if (image == null) {
            throw new PermanentTaskFailure("not an image ImageIO can read: " + source);
        }
        BufferedImage thumbnail = scale(image, size);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        ImageIO.write(thumbnail, "png", partial.toFile());
        // Whole files only: a reader never sees half a thumbnail, and a retry overwrites cleanly.
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /** The image scaled so that its longer side is at most {@code size}, aspect kept. */
    static BufferedImage scale(BufferedImage image, int size) {
        double factor = Math.min(1.0, (double) size / Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * factor));
        int height = Math.max(1, (int) Math.round(image.getHeight() * factor));
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D graphics = scaled.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(image, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        return scaled;
    }

    private static String text(JsonNode payload, String field) throws PermanentTaskFailure {
        JsonNode value = payload.path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new PermanentTaskFailure("payload." + field + " must be a file path, but was " + value);
        }
        return value.asText();
    }
}
