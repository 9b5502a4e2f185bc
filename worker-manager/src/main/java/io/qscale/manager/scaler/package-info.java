/**
 * API. The Scaler SPI: {@code Scaler}, {@code ScalerProvider} (found with ServiceLoader, chosen by
 * name), {@code ScalerContext}, {@code ScalerInstance}, {@code ScalerException}, and
 * {@code Scalers}, which finds a provider by name or class.
 */
package io.qscale.manager.scaler;
