/**
 * The demo worker: its task types ({@code DemoTaskHandler}, {@code DemoTasks}) and its command
 * ({@code qscale worker}, {@code qscale-worker.jar}). Not a library API.
 */
package io.qscale.worker.demo;
