package io.qscale.manager;

import io.qscale.core.control.ManagerMode;
import io.qscale.core.control.RecordedDecision;
import io.qscale.core.protocol.RecoveryReport;
import io.qscale.core.protocol.WorkerInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pool's shared state as the manager reads and writes it: the leader lease, the worker
 * registry, the mode, the decision stream. Redis in production ({@link RedisManagerStore}); the
 * manager's loop is tested against an in-memory one, as the Kubernetes cluster-autoscaler's core
 * is tested against a fake cloud provider. Implementations say whether they are thread-safe; the
 * manager calls it from its tick.
 */
public interface ManagerStore {

    /** Takes the leader lease when free, renews it when held; whether this manager leads now. */
    boolean acquireOrRenewLease();

    /** Who holds the lease, if anyone. */
    Optional<String> leader();

    /** Gives the lease up (a manager that stops). */
    void releaseLease();

    /** Gives the tasks of dead workers back to the queue. */
    RecoveryReport recoverDeadWorkers();

    /** The mode stored for every manager, if one is; a malformed one throws IllegalArgumentException. */
    Optional<ManagerMode> storedMode();

    /** Stores a mode for every manager. */
    void setMode(ManagerMode mode);

    /** Whether a worker is registered (has heartbeated and not deregistered). */
    boolean isRegistered(String workerId);

    /** The registered workers. */
    List<WorkerInfo> workers();

    /** When each worker's oldest running task started, for the workers running one. */
    Map<String, Instant> oldestTaskStarts();

    /** Asks a worker to drain. */
    void requestDrain(String workerId);

    /** Withdraws a drain request. */
    void cancelDrain(String workerId);

    /** Appends a decision (folding a run of like ones); returns it as stored. */
    RecordedDecision append(RecordedDecision decision);

    /** The newest {@code limit} decisions, newest first. */
    List<RecordedDecision> recentDecisions(int limit);
}
