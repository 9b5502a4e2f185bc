/**
 * The {@code qscale} command. Internal: commands are package-private; run them through
 * {@code QscaleCommand}. Long-running commands build one {@code Pool}; one-shot ones read Redis.
 */
package io.qscale.cli;
