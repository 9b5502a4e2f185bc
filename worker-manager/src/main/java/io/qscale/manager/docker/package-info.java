/**
 * The {@code docker} and {@code swarm} scalers (docker-java, zerodep transport). Use them through
 * the Scaler SPI by name; {@code DockerEngine} is internal.
 */
package io.qscale.manager.docker;
