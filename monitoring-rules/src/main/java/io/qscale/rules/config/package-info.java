/**
 * API. The rules engine's configuration: immutable records with their defaults in one place
 * ({@code ScalingConfig}, one record per policy), each failing at once on a bad value with the
 * field, the value and what is allowed.
 */
package io.qscale.rules.config;
