/**
 * API. The worker SDK: {@code Worker} (claim, heartbeat with its own CPU, drain, ack or fail),
 * {@code TaskHandler}, {@code WorkerSettings}, {@code PermanentTaskFailure}. Internal:
 * {@code ProcessLoad}.
 */
package io.qscale.worker;
