package io.qscale.rules.policy;

/** What a decision asks of the pool. */
public enum ScaleAction {
    SCALE_UP, SCALE_DOWN, HOLD;

    /** "SCALE UP", "SCALE DOWN", "HOLD": as the dashboard shows it. */
    public String label() {
        return name().replace('_', ' ');
    }
}
