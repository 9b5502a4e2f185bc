/**
 * API: {@code Manager} (one tick: lease, recovery, drains, snapshot, decision, action, record) and
 * {@code ManagerSettings}. Internal: {@code Backoff}. Processes do not wire a manager
 * themselves: they build a {@link io.qscale.manager.runtime.Pool} with one inside.
 */
package io.qscale.manager;
