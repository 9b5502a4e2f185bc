package io.qscale.manager.scaler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Finds the provider a configuration names: a built-in by name, else a class by its full name. */
public final class Scalers {

    private static final Map<String, Supplier<ScalerProvider>> BUILT_IN = new LinkedHashMap<>();

    static {
        BUILT_IN.put("local", () -> io.qscale.manager.local.LocalProcessScaler::create);
        BUILT_IN.put("docker", () -> io.qscale.manager.docker.DockerScaler::create);
        BUILT_IN.put("swarm", () -> io.qscale.manager.docker.SwarmScaler::create);
    }

    private Scalers() {
    }

    /** Registers another built-in (the kubernetes module does so for "kubernetes"). */
    public static synchronized void register(String name, Supplier<ScalerProvider> provider) {
        BUILT_IN.put(name, provider);
    }

    /**
     * The provider for {@code name}. Fails naming the field, the value and what is allowed.
     */
    public static synchronized ScalerProvider provider(String name) {
        Supplier<ScalerProvider> builtIn = BUILT_IN.get(name);
        if (builtIn != null) {
            return builtIn.get();
        }
        if (name != null && name.contains(".")) {
            try {
                Class<?> type = Class.forName(name);
                if (!ScalerProvider.class.isAssignableFrom(type)) {
                    throw new IllegalArgumentException("scaler.type names " + name + ", which is not a "
                            + ScalerProvider.class.getName());
                }
                return (ScalerProvider) type.getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("scaler.type names class " + name
                        + ", which cannot be loaded with a public no-argument constructor: " + e);
            }
        }
        throw new IllegalArgumentException("scaler.type must be one of " + String.join(", ", BUILT_IN.keySet())
                + " or the class name of a ScalerProvider, but was '" + name + "'");
    }
}
