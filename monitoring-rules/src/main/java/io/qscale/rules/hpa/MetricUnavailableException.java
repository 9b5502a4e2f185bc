package io.qscale.rules.hpa;

/** A metric gave no usable value (no samples, or samples that match no pod); the HPA holds. */
public final class MetricUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    public MetricUnavailableException(String message) {
        super(message);
    }
}
