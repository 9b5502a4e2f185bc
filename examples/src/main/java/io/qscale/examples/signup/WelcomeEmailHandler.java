package io.qscale.examples.signup;

import io.qscale.core.protocol.TaskEnvelope;
import io.qscale.worker.PermanentTaskFailure;
import io.qscale.worker.TaskHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Task type {@code welcome-email}: "sends" the welcome mail by appending it to an outbox file
 * (stand-in for an SMTP call: slow, and the reason the web request does not wait for it).
 * Thread-safe (appends are serialized).
 */
public final class WelcomeEmailHandler implements TaskHandler {

    private final Path outbox;

    public WelcomeEmailHandler(Path outbox) {
        this.outbox = outbox;
    }

    @Override
    public synchronized void handle(TaskEnvelope task) throws Exception {
        String email = task.payload().path("email").asText("");
        if (email.isBlank()) {
            throw new PermanentTaskFailure("payload.email is missing");
        }
        Files.writeString(outbox, "To: " + email + "\nSubject: Welcome!\n\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
