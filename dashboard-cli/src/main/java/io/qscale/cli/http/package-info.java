/**
 * The HTTP API, Prometheus endpoint and web dashboard, on the JDK's HTTP server. Reads a
 * {@code Pool}'s stream and session only (no worker-manager internals): {@code ApiServer} routes,
 * {@code TokenCheck}, {@code RequestBodies}, {@code PoolApiActions}, {@code EventStream} and
 * {@code StaticAssets} do one thing each. Internal to the CLI.
 */
package io.qscale.cli.http;
