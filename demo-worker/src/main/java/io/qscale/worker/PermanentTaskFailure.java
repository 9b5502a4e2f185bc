package io.qscale.worker;

/** A task that no retry can fix (unknown type, invalid payload): dead-lettered at once. */
public class PermanentTaskFailure extends Exception {

    private static final long serialVersionUID = 1L;

    public PermanentTaskFailure(String reason) {
        super(reason);
    }
}
