package io.qscale.core.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import io.lettuce.core.RedisURI;
import java.time.Duration;

/**
 * Where Redis is: a Lettuce URI ({@code redis://}, {@code rediss://} for TLS,
 * {@code redis-sentinel://}, with password and database index), or a Redis Cluster seed node as
 * {@code redis+cluster://} / {@code rediss+cluster://}; printable without its secret. Immutable
 * and thread-safe.
 */
public final class RedisEndpoint {

    /** The URI used when neither configuration nor {@code REDIS_URL} names one. */
    public static final String DEFAULT_URI = "redis://127.0.0.1:6379";

    /** How long one command may take before it fails (a claim blocks for less than this). */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);

    /** The environment variable that names a CA certificate file (PEM) to trust for {@code rediss://}. */
    public static final String CA_ENV = "QSCALE_REDIS_CA";

    private final RedisURI uri;
    private final String given;
    private final String display;
    private final boolean cluster;
    private final Optional<Path> trustedCa;

    private RedisEndpoint(RedisURI uri, String given, String display, boolean cluster, Optional<Path> trustedCa) {
        this.uri = uri;
        this.given = given;
        this.display = display;
        this.cluster = cluster;
        this.trustedCa = trustedCa;
    }

    /**
     * Parses a URI; a bad one fails with a message that names {@code field} and shows the value
     * with any password masked.
     */
    public static RedisEndpoint parse(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must be a Redis URI such as " + DEFAULT_URI
                    + ", but was missing");
        }
        String text = value.trim();
        String display = redact(text);
        boolean cluster = text.startsWith("redis+cluster://") || text.startsWith("rediss+cluster://");
        RedisURI uri;
        try {
            uri = RedisURI.create(cluster ? text.replaceFirst("\\+cluster://", "://") : text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(field + " must be a Redis URI such as " + DEFAULT_URI
                    + " (redis://, rediss://, redis-sentinel://, redis+cluster://), but was " + display);
        }
        uri.setTimeout(DEFAULT_COMMAND_TIMEOUT);
        return new RedisEndpoint(uri, text, display, cluster, Optional.empty());
    }

    /**
     * The same endpoint, trusting the CA certificates (PEM) in {@code caFile} for TLS besides the
     * JDK's own: for a Redis whose certificate a private CA signed. A missing file fails naming
     * {@code field}.
     */
    public RedisEndpoint trusting(String field, Path caFile) {
        if (!Files.isRegularFile(caFile)) {
            throw new IllegalArgumentException(field + " must name a CA certificate file (PEM), but " + caFile
                    + " does not exist");
        }
        return new RedisEndpoint(uri, given, display, cluster, Optional.of(caFile));
    }

    /** The CA certificate file to trust for TLS, when one was given. */
    public Optional<Path> trustedCa() {
        return trustedCa;
    }

    /** {@code REDIS_URL} from the environment, else {@link #DEFAULT_URI}. */
    public static RedisEndpoint fromEnvironment() {
        String url = System.getenv("REDIS_URL");
        RedisEndpoint endpoint = parse("REDIS_URL", url == null || url.isBlank() ? DEFAULT_URI : url);
        String ca = System.getenv(CA_ENV);
        return ca == null || ca.isBlank() ? endpoint : endpoint.trusting(CA_ENV, Path.of(ca));
    }

    /** Masks the password of {@code scheme://user:password@host}: secrets never reach a log. */
    static String redact(String value) {
        int scheme = value.indexOf("://");
        int at = value.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return value.replaceAll("(?i)(password=)[^&]*", "$1***");
        }
        String userInfo = value.substring(scheme + 3, at);
        int colon = userInfo.indexOf(':');
        String masked = colon < 0 ? "***" : userInfo.substring(0, colon) + ":***";
        return value.substring(0, scheme + 3) + masked + value.substring(at);
    }

    /**
     * {@code text} with this endpoint's password masked wherever it appears (a worker's error
     * line may quote the URI it was given): for showing other programs' output in a log.
     */
    public String masked(String text) {
        String result = text.replace(given, display);
        int scheme = given.indexOf("://");
        int at = given.lastIndexOf('@');
        if (scheme >= 0 && at > scheme) {
            String userInfo = given.substring(scheme + 3, at);
            String password = userInfo.substring(userInfo.indexOf(':') + 1);
            if (password.length() >= 3) {
                result = result.replace(password, "***");
            }
        }
        return result;
    }

    RedisURI uri() {
        return uri;
    }

    /**
     * The URI exactly as the user gave it, password included, for handing to a worker through its
     * environment (never its command line, which other users can read, and never a log line).
     * Not Lettuce's rendering: that masks the credentials and adds Lettuce-only parameters, which
     * neither a worker nor a client in another language can use.
     */
    public String secretUri() {
        return given;
    }

    /** Whether this names a Redis Cluster (a seed node; the others are discovered). */
    public boolean isCluster() {
        return cluster;
    }

    /** The URI with its password masked. */
    @Override
    public String toString() {
        return display;
    }
}
