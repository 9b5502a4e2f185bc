/** API. The Kubernetes Deployment scaler: drain-first scale-down through pod-deletion-cost. */
package io.qscale.kubernetes;
