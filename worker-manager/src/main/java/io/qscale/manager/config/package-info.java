/**
 * API. {@code QscaleConfig}: one {@code qscale.yml} (Redis, queue, rules, scaler, mode, HTTP), read
 * with Jackson; a bad field stops with its path, the value and what is allowed.
 */
package io.qscale.manager.config;
