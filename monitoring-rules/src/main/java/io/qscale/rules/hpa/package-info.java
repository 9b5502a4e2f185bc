/**
 * API. A port of the Kubernetes HPA's replica calculator and behavior normalization (stabilization
 * windows, rate policies), checked against the controller's own test vectors. Used by the
 * target-tracking and latency policies; pure.
 */
package io.qscale.rules.hpa;
