package io.qscale.cli.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every command a Redis server runs, as {@code MONITOR} reports it: a test's exact count of what
 * a process sent. Runs its own connection and reader thread. Thread-safe.
 */
final class RedisMonitor implements AutoCloseable {

    private final Socket socket;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    RedisMonitor(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        OutputStream out = socket.getOutputStream();
        out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        if (!"+OK".equals(in.readLine())) {
            throw new IOException("MONITOR was refused");
        }
        reader = new Thread(() -> {
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // closed
            }
        }, "redis-monitor");
        reader.setDaemon(true);
        reader.start();
    }

    /** How many commands seen so far contain {@code text}, ignoring case (for example {@code "evalsha" "<sha>"}). */
    long count(String text) {
        String wanted = text.toLowerCase(java.util.Locale.ROOT);
        return lines.stream().filter(line -> line.toLowerCase(java.util.Locale.ROOT).contains(wanted)).count();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
