package io.qscale.manager.scaler;

import java.time.Instant;
import java.util.OptionalInt;

/**
 * An instance that ended without the manager stopping it: a worker that crashed, could not reach
 * Redis, or was started with a bad command. Immutable.
 *
 * @param workerId the id it was started with
 * @param exitCode its exit code, when the platform reports one
 * @param lastLine the last line it printed (its error, usually), empty when none is known
 * @param endedAt when the scaler noticed it had ended
 */
public record InstanceExit(String workerId, OptionalInt exitCode, String lastLine, Instant endedAt) {

    public InstanceExit {
        lastLine = lastLine == null ? "" : lastLine.strip();
    }

    /** "exited with code 1", or "exited" when the code is unknown. */
    public String describe() {
        return exitCode.isPresent() ? "exited with code " + exitCode.getAsInt() : "exited";
    }
}
