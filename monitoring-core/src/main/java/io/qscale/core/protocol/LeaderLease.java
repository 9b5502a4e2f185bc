package io.qscale.core.protocol;

import io.lettuce.core.ScriptOutputType;
import io.qscale.core.redis.RedisSession;
import io.qscale.rules.validation.Require;
import java.time.Duration;
import java.util.Optional;

/**
 * The leader lease of one queue's managers: one holds it and acts, the others stand by and take
 * over once it lapses (at most {@code leaseTime} after the leader died). Thread-safe.
 */
public final class LeaderLease {

    private final RedisSession redis;
    private final QueueKeys keys;
    private final String managerId;
    private final Duration leaseTime;

    public LeaderLease(RedisSession redis, QueueKeys keys, String managerId, Duration leaseTime) {
        this.redis = Require.nonNull("redis", redis);
        this.keys = Require.nonNull("keys", keys);
        this.managerId = Require.nonBlank("managerId", managerId);
        this.leaseTime = Require.positive("leaseTime", leaseTime);
    }

    /** Acquires the lease if it is free, renews it if held; true when this manager leads now. */
    public boolean acquireOrRenew() {
        Long held = Scripts.LEASE.run(redis.commands(), ScriptOutputType.INTEGER, new String[] {keys.leader()},
                managerId, Long.toString(leaseTime.toMillis()));
        return held == 1L;
    }

    /** Gives the lease up at once (on a clean shutdown), if this manager holds it. */
    public void release() {
        Scripts.LEASE_RELEASE.run(redis.commands(), ScriptOutputType.INTEGER, new String[] {keys.leader()}, managerId);
    }

    /** The id of the manager that leads now, if any. */
    public Optional<String> holder() {
        return Optional.ofNullable(redis.commands().get(keys.leader()));
    }

    public String managerId() {
        return managerId;
    }
}
