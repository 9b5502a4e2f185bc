package io.qscale.manager.local;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether a process named by a pid file is still the worker that file was written for. A pid
 * file holds the pid and the process's start time as {@link ProcessHandle.Info#startInstant()}
 * gave it (-1 where the platform does not say). With both start times known, they must match (a
 * reused pid has another start), and a file without one is not trusted; where the platform
 * reports no start time at all, the only fallback is the pid and that the process is still a
 * Java process, and the decision says so.
 * Pure and immutable.
 *
 * @param adopt whether to adopt the process
 * @param reason why, for the log
 */
record Adoption(boolean adopt, String reason) {

    /** What the pid file recorded. */
    record Recorded(long pid, long startedMillis) {
    }

    /**
     * Decides for a live process (or none) with this start time (empty: the platform does not
     * report one) and this executable (empty: unknown).
     */
    static Adoption decide(Recorded recorded, boolean alive, OptionalLong startedMillis, Optional<String> command) {
        if (!alive) {
            return new Adoption(false, "pid " + recorded.pid() + " is not running");
        }
        if (startedMillis.isPresent()) {
            if (recorded.startedMillis() < 0) {
                return new Adoption(false, "the pid file of pid " + recorded.pid() + " has no start time to compare");
            }
            return startedMillis.getAsLong() == recorded.startedMillis()
                    ? new Adoption(true, "same pid and start time")
                    : new Adoption(false, "pid " + recorded.pid() + " was reused by another process");
        }
        // This platform does not report start times: the pid and the executable are all there is.
        boolean java = command.map(c -> c.replace('\\', '/').matches("(?i).*/?java(w)?(\\.exe)?$")).orElse(false);
        return java
                ? new Adoption(true, "start time unknown on this platform: adopted by pid and a java executable only")
                : new Adoption(false, "start time unknown on this platform and pid " + recorded.pid()
                        + " is not a java process" + command.map(c -> " (" + c + ")").orElse(""));
    }
}
