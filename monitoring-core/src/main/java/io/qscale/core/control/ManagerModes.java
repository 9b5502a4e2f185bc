package io.qscale.core.control;

import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisSession;
import java.util.Optional;

/**
 * The one place the managers' mode is stored ({@code qscale:{q}:mode}): read by every manager on
 * each tick, written by {@code qscale scale|mode}, the prompt, the dashboard keys and the API.
 * Thread-safe.
 */
public final class ManagerModes {

    private final RedisSession redis;
    private final QueueKeys keys;

    public ManagerModes(RedisSession redis, QueueKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** The stored mode; empty when none is stored. A malformed value fails naming the key. */
    public Optional<ManagerMode> stored() {
        String value = redis.commands().get(keys.mode());
        return value == null ? Optional.empty() : Optional.of(ManagerMode.parse(keys.mode(), value));
    }

    /** Stores a mode for every manager of the queue (applied on their next tick). */
    public void set(ManagerMode mode) {
        redis.commands().set(keys.mode(), mode.wire());
    }
}
