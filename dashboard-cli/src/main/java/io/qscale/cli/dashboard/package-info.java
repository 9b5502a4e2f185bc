/**
 * The terminal dashboard: {@code DashboardFeed} (a pool subscriber), {@code DashboardView}
 * (pure rendering), charts and the JLine screen. Internal to the CLI.
 */
package io.qscale.cli.dashboard;
