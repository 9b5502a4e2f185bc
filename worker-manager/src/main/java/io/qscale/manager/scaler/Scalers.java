package io.qscale.manager.scaler;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the provider a configuration names: one found by {@link ServiceLoader} with that
 * {@link ScalerProvider#name()}, else a class by its fully qualified name. Thread-safe.
 */
public final class Scalers {

    private Scalers() {
    }

    /** The names of the providers on the class path, in class-path order. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        ServiceLoader.load(ScalerProvider.class, Scalers.class.getClassLoader()).forEach(p -> names.add(p.name()));
        return names;
    }

    /** The provider for {@code name}. Fails naming the field, the value and what is allowed. */
    public static ScalerProvider provider(String name) {
        for (ScalerProvider provider : ServiceLoader.load(ScalerProvider.class, Scalers.class.getClassLoader())) {
            if (provider.name().equals(name)) {
                return provider;
            }
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
        throw new IllegalArgumentException("scaler.type must be one of " + String.join(", ", names())
                + " or the class name of a ScalerProvider, but was '" + name + "'");
    }
}
