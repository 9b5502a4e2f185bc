package io.qscale.cli.terminal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real terminal for a test: a tmux server of its own (its own socket), one window of a fixed
 * size running a command, keys sent as a user types them, the screen read back as text. Closing
 * it kills the server. Not thread-safe.
 */
final class Tmux implements AutoCloseable {

    private final String socket = "qscale-it-" + UUID.randomUUID().toString().substring(0, 8);

    /** Whether tmux is installed here. */
    static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Starts {@code shellCommand} in a detached window of {@code columns} x {@code rows}. */
    static Tmux start(int columns, int rows, Path workDir, String shellCommand) throws IOException, InterruptedException {
        Tmux tmux = new Tmux();
        tmux.run("new-session", "-d", "-x", Integer.toString(columns), "-y", Integer.toString(rows), "-c", workDir.toString(),
                "env TERM=xterm-256color LANG=C.UTF-8 " + shellCommand);
        return tmux;
    }

    /** Types keys (tmux key names such as {@code C-c}, or literal characters). */
    void send(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "0"));
        args.addAll(List.of(keys));
        run(args.toArray(new String[0]));
    }

    /** The screen as text, one line per row. */
    String screen() throws IOException, InterruptedException {
        return run("capture-pane", "-p", "-t", "0");
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + output);
        }
        return output;
    }

    @Override
    public void close() throws IOException {
        try {
            new ProcessBuilder("tmux", "-L", socket, "kill-server").redirectErrorStream(true).start().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
