/**
 * API. {@code Pool}: one queue wired once per process (one Redis session, one sampler per tick,
 * the manager when the process runs one) and its in-process stream of {@code PoolEvent}s that
 * every local consumer subscribes to.
 */
package io.qscale.manager.runtime;
