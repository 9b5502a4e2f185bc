package io.qscale.manager.scaler;

/**
 * Makes a {@link Scaler} from its settings. Providers are found with {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services/io.qscale.manager.scaler.ScalerProvider}) and chosen
 * explicitly by {@link #name()} in the configuration ({@code local}, {@code docker}, {@code swarm},
 * ...); a provider that is not listed can still be chosen by the fully qualified name of its
 * class, which needs a public no-argument constructor. Implementations must be thread-safe.
 */
public interface ScalerProvider {

    /** The name {@code scaler.type} chooses it by; by default its class name. */
    default String name() {
        return getClass().getName();
    }

    Scaler create(ScalerContext context) throws ScalerException;
}
