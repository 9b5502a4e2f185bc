package io.qscale.core.redis;

/** Redis could not be reached; the message names the endpoint with its password masked. */
public final class RedisUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RedisUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
