package io.qscale.cli.http;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The API's one authentication rule: with a token set, a state-changing request needs
 * {@code Authorization: Bearer <token>}, compared in constant time; the token never appears in
 * a reply. Immutable and thread-safe.
 */
final class TokenCheck {

    private final Optional<byte[]> expected;

    TokenCheck(Optional<String> token) {
        this.expected = token.map(value -> value.getBytes(StandardCharsets.UTF_8));
    }

    /** Passes, or fails with 401 and a {@code WWW-Authenticate} header. */
    void require(HttpExchange exchange) {
        if (expected.isPresent() && !authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            throw new HttpReplies.BadRequest(401, "this API needs a bearer token for changes: Authorization: Bearer <token>");
        }
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = header.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected.orElseThrow());
    }
}
