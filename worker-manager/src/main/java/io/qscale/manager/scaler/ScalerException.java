package io.qscale.manager.scaler;

/** A scaler could not do what it was asked (daemon down, image missing, API error); the message says why. */
public class ScalerException extends Exception {

    private static final long serialVersionUID = 1L;

    public ScalerException(String message) {
        super(message);
    }

    public ScalerException(String message, Throwable cause) {
        super(message, cause);
    }
}
