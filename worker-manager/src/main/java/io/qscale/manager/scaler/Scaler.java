package io.qscale.manager.scaler;

import java.util.Collection;
import java.util.List;

/**
 * Runs worker instances somewhere: local processes, Docker containers, a Swarm service, a
 * Kubernetes Deployment, or a user's own. The manager only asks for more instances or to stop
 * exact instances it has already drained; it never picks victims blindly. Each instance gets its
 * worker id ({@code QSCALE_WORKER_ID}) so heartbeats and instances match. Implementations say
 * whether they are thread-safe; the manager calls them from one thread.
 */
public interface Scaler extends AutoCloseable {

    /** The name used in configuration and decision records. */
    String name();

    /** What is really running now. */
    List<ScalerInstance> instances() throws ScalerException;

    /**
     * Instances that ended by themselves since the last call (not those {@link #stop} stopped),
     * each reported once, with the exit code and last output line where the platform keeps them.
     * The manager uses them to notice workers that crash, and to back off restarting them. The
     * default reports none: a platform that restarts its own instances (Swarm, Kubernetes) shows
     * a crash loop as workers that never register, which the manager notices by itself.
     */
    default List<InstanceExit> exits() throws ScalerException {
        return List.of();
    }

    /** Starts {@code count} new instances and returns them. */
    List<ScalerInstance> start(int count) throws ScalerException;

    /**
     * Stops exactly these instances (by worker id). They have normally drained and exited
     * already; one that still runs gets SIGTERM (it drains itself) and, past the grace time, is
     * killed — its task then returns to the queue through recovery.
     */
    void stop(Collection<String> workerIds) throws ScalerException;

    /**
     * Whether {@link #stop} removes exactly the named instances (true), or only lowers a count
     * and lets the platform choose (Swarm: false). For the latter the manager calls stop only
     * once a drained instance has really exited, so the platform cannot pick a busy one.
     */
    default boolean stopsExactInstances() {
        return true;
    }

    /**
     * Whether the workers run on the manager's own host (the local scaler): then the manager's
     * host CPU is the workers' too, and a CPU-driven scale-up onto a saturated host is held.
     */
    default boolean sharesHost() {
        return false;
    }

    /** Releases what the scaler holds (connections). Whether instances keep running is the scaler's to document. */
    @Override
    default void close() {
    }
}
