package io.qscale.rules.hpa;

import java.util.OptionalLong;

/**
 * One pod of the HPA's pod list with its metric sample (milli-units; empty when it has none)
 * and, for resource metrics, its request. Immutable.
 *
 * @param name the pod's name (samples are matched by name)
 * @param state its phase and readiness
 * @param request its resource request in milli-units; empty when the container sets none
 */
public record Pod(String name, PodState state, OptionalLong request) {

    public static Pod of(String name, PodState state) {
        return new Pod(name, state, OptionalLong.empty());
    }
}
