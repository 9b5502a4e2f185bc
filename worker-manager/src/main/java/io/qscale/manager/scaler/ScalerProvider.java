package io.qscale.manager.scaler;

/**
 * Makes a {@link Scaler} from its settings. qscale's own are chosen by name ({@code local},
 * {@code docker}, {@code swarm}, {@code kubernetes}); a user's own is chosen by the fully
 * qualified name of its provider class, which needs a public no-argument constructor.
 * Registered explicitly by that name, never discovered from the class path by accident.
 */
public interface ScalerProvider {

    Scaler create(ScalerContext context) throws ScalerException;
}
