/**
 * The autoscaling manager: collect a snapshot, decide, act through a {@code Scaler}, record.
 * Filled by the worker-manager issue; the module exists so that the reactor shows the design.
 */
package io.qscale.manager;
