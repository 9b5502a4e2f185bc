package io.qscale.localredis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LocalRedisServerIT {

    @Test
    void shippedBinaryStartsAndAnswersWhenNoRedisIsInstalled() throws IOException {
        try (LocalRedisServer server = LocalRedisServer.start(LocalRedisServer.locateBinary("embedded"))) {
            assertThat(server.binary().getFileName().toString()).startsWith("qscale-redis-server-6.2");
            assertThat(send(server.port(), "PING")).isEqualTo("+PONG");
            // BLMOVE is the claim command of the protocol: the shipped binary must know it.
            assertThat(send(server.port(), "BLMOVE a b RIGHT LEFT 0.01")).isEqualTo("*-1");
        }
    }

    @Test
    void killedServerComesBackOnTheSamePortWithNoData() throws IOException {
        try (LocalRedisServer server = LocalRedisServer.start()) {
            int port = server.port();
            assertThat(send(port, "SET k v")).isEqualTo("+OK");

            server.kill();
            assertThat(server.isRunning()).isFalse();
            server.restart();

            assertThat(server.port()).isEqualTo(port);
            assertThat(send(port, "EXISTS k")).isEqualTo(":0");
        }
    }

    private static String send(int port, String inlineCommand) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2000);
            socket.getOutputStream().write((inlineCommand + "\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\r') {
                line.append((char) c);
            }
            return line.toString();
        }
    }
}
