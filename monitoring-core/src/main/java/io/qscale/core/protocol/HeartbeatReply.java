package io.qscale.core.protocol;

import java.time.Instant;

/**
 * The registry's answer to a heartbeat. Immutable.
 *
 * @param drainRequested the manager asked this worker to drain
 * @param serverTime the Redis server's clock when the heartbeat was stored
 */
public record HeartbeatReply(boolean drainRequested, Instant serverTime) {
}
