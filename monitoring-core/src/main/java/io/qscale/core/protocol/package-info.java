/**
 * API. The Redis protocol of docs/protocol.md: key schema ({@code QueueKeys}), the Lua scripts
 * ({@code Scripts}), producers and workers ({@code TaskQueue}, {@code WorkerRegistry}), the task
 * envelope, heartbeats with the worker's load, the leader lease and recovery.
 */
package io.qscale.core.protocol;
