/**
 * API. qscale as a KEDA external scaler: {@code KedaScalerServer} serves KEDA's
 * {@code externalscaler.proto} from {@code PoolTarget}, qscale's own decision on a live queue.
 */
package io.qscale.kubernetes.keda;
