package io.qscale.manager;

import io.qscale.core.control.DecisionLog;
import io.qscale.core.control.ManagerMode;
import io.qscale.core.control.ManagerModes;
import io.qscale.core.control.RecordedDecision;
import io.qscale.core.protocol.LeaderLease;
import io.qscale.core.protocol.RecoveryReport;
import io.qscale.core.protocol.WorkerInfo;
import io.qscale.core.protocol.WorkerRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The manager's store in Redis: the protocol's lease, registry, modes and decision stream, shared
 * with the {@link io.qscale.manager.runtime.Pool} that owns them. Thread-safe (each part is).
 */
public final class RedisManagerStore implements ManagerStore {

    private final LeaderLease lease;
    private final WorkerRegistry registry;
    private final ManagerModes modes;
    private final DecisionLog decisions;

    public RedisManagerStore(LeaderLease lease, WorkerRegistry registry, ManagerModes modes, DecisionLog decisions) {
        this.lease = lease;
        this.registry = registry;
        this.modes = modes;
        this.decisions = decisions;
    }

    @Override
    public boolean acquireOrRenewLease() {
        return lease.acquireOrRenew();
    }

    @Override
    public Optional<String> leader() {
        return lease.holder();
    }

    @Override
    public void releaseLease() {
        lease.release();
    }

    @Override
    public RecoveryReport recoverDeadWorkers() {
        return registry.recoverDeadWorkers();
    }

    @Override
    public Optional<ManagerMode> storedMode() {
        return modes.stored();
    }

    @Override
    public void setMode(ManagerMode mode) {
        modes.set(mode);
    }

    @Override
    public boolean isRegistered(String workerId) {
        return registry.isRegistered(workerId);
    }

    @Override
    public List<WorkerInfo> workers() {
        return registry.workers();
    }

    @Override
    public Map<String, Instant> oldestTaskStarts() {
        return registry.oldestTaskStarts();
    }

    @Override
    public void requestDrain(String workerId) {
        registry.requestDrain(workerId);
    }

    @Override
    public void cancelDrain(String workerId) {
        registry.cancelDrain(workerId);
    }

    @Override
    public RecordedDecision append(RecordedDecision decision) {
        return decisions.append(decision);
    }

    @Override
    public List<RecordedDecision> recentDecisions(int limit) {
        return decisions.recent(limit);
    }
}
