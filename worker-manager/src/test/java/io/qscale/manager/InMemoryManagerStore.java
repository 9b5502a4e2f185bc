package io.qscale.manager;

import io.qscale.core.control.ManagerMode;
import io.qscale.core.control.RecordedDecision;
import io.qscale.core.protocol.RecoveryReport;
import io.qscale.core.protocol.WorkerInfo;
import io.qscale.core.protocol.WorkerState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The pool's shared state in memory, for the manager's loop without Redis: workers the test
 * registers (idle or busy), drain requests the manager makes, a lease another manager may hold,
 * decisions kept in order (no folding). Not thread-safe: one test drives it.
 */
final class InMemoryManagerStore implements ManagerStore {

    final Map<String, WorkerInfo> workers = new LinkedHashMap<>();
    final Map<String, Instant> taskStarts = new HashMap<>();
    final Set<String> drainRequests = new LinkedHashSet<>();
    final List<RecordedDecision> decisions = new ArrayList<>();
    Optional<ManagerMode> mode = Optional.empty();
    String leaseHolder;
    final String self;

    InMemoryManagerStore(String self) {
        this.self = self;
    }

    void register(String id, boolean busy, Instant at) {
        workers.put(id, new WorkerInfo(id, busy ? WorkerState.BUSY : WorkerState.IDLE, "", 0, 0, "host", 1, at, at, true));
        if (busy) {
            taskStarts.put(id, at);
        }
    }

    void deregister(String id) {
        workers.remove(id);
        taskStarts.remove(id);
        drainRequests.remove(id);
    }

    @Override
    public boolean acquireOrRenewLease() {
        if (leaseHolder == null) {
            leaseHolder = self;
        }
        return leaseHolder.equals(self);
    }

    @Override
    public Optional<String> leader() {
        return Optional.ofNullable(leaseHolder);
    }

    @Override
    public void releaseLease() {
        if (self.equals(leaseHolder)) {
            leaseHolder = null;
        }
    }

    @Override
    public RecoveryReport recoverDeadWorkers() {
        return new RecoveryReport(0, 0, 0);
    }

    @Override
    public Optional<ManagerMode> storedMode() {
        return mode;
    }

    @Override
    public void setMode(ManagerMode next) {
        mode = Optional.of(next);
    }

    @Override
    public boolean isRegistered(String workerId) {
        return workers.containsKey(workerId);
    }

    @Override
    public List<WorkerInfo> workers() {
        return List.copyOf(workers.values());
    }

    @Override
    public Map<String, Instant> oldestTaskStarts() {
        return Map.copyOf(taskStarts);
    }

    @Override
    public void requestDrain(String workerId) {
        drainRequests.add(workerId);
    }

    @Override
    public void cancelDrain(String workerId) {
        drainRequests.remove(workerId);
    }

    @Override
    public RecordedDecision append(RecordedDecision decision) {
        decisions.add(decision);
        return decision;
    }

    @Override
    public List<RecordedDecision> recentDecisions(int limit) {
        List<RecordedDecision> newestFirst = new ArrayList<>(decisions);
        Collections.reverse(newestFirst);
        return newestFirst.subList(0, Math.min(limit, newestFirst.size()));
    }
}
