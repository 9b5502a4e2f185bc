package io.qscale.manager.scaler;

import io.qscale.core.redis.RedisEndpoint;
import java.util.Map;

/**
 * What a scaler is built from: the queue, the Redis endpoint its workers use, and its own
 * settings (the {@code scaler.*} keys of the configuration, without the prefix). Immutable.
 */
public record ScalerContext(String queue, RedisEndpoint redis, Map<String, String> settings) {

    public ScalerContext {
        settings = Map.copyOf(settings);
    }

    /** A setting, or {@code fallback} when it is not set. */
    public String setting(String key, String fallback) {
        return settings.getOrDefault(key, fallback);
    }
}
