package io.qscale.cli.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where the HTTP API listens and who may change state through it. Immutable. Bound to a
 * non-loopback address, a token is required (the API refuses to start without one); when a
 * token is set, every state-changing request must carry it as {@code Authorization: Bearer}.
 *
 * @param bind the address to listen on (default 127.0.0.1)
 * @param port the port (0 picks a free one)
 * @param token the bearer token for POST requests, if any
 * @param maxBodyBytes larger request bodies are refused with 413
 */
public record ApiSettings(String bind, int port, Optional<String> token, int maxBodyBytes) {

    public static final String DEFAULT_BIND = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final int DEFAULT_MAX_BODY = 16 * 1024;

    public ApiSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--http-port must be between 0 and 65535, but was " + port);
        }
        token = token.filter(t -> !t.isBlank());
        if (token.isEmpty() && !isLoopback(bind)) {
            throw new IllegalArgumentException("--http-bind " + bind + " is not a loopback address, so the API needs a token"
                    + " for state-changing requests: set --api-token, QSCALE_API_TOKEN or http.token in qscale.yml");
        }
    }

    static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--http-bind must be an address of this host, but was '" + host + "'");
        }
    }

    /** Never shows the token. */
    @Override
    public String toString() {
        return "http://" + bind + ":" + port + (token.isPresent() ? " (token required for changes)" : "");
    }
}
