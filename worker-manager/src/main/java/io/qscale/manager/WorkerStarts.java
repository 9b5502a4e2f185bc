package io.qscale.manager;

import io.qscale.manager.scaler.InstanceExit;
import io.qscale.manager.scaler.ScalerInstance;
import io.qscale.rules.format.Human;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The workers this manager started, from the start request to their first heartbeat. It notices
 * a start that went wrong — the instance exited, or has not registered within the start timeout
 * (a bad command, bad credentials, a crash on start) — and it measures how long a good start
 * takes, so that workers on their way are counted at the time they will serve. Not thread-safe:
 * the manager's tick owns it.
 */
final class WorkerStarts {

    /** Start-up times kept for the estimate: the recent ones describe the scaler as it is now. */
    static final int MEASUREMENTS_KEPT = 20;

    /** A start that went wrong, or a registered worker that ended unasked, as one line. */
    record Problem(String workerId, String line) {
    }

    private final Map<String, Instant> pending = new LinkedHashMap<>();
    private final Set<String> listedOnce = new HashSet<>();
    private final Set<String> overdue = new HashSet<>();
    private final Set<String> registeredEver = new HashSet<>();
    private final Deque<Duration> measured = new ArrayDeque<>();
    private Instant watchingSince;
    private boolean healthySinceLastProblem;

    /**
     * The manager asked for these instances at {@code now}. Where the scaler names them only
     * once the platform has made them (Swarm, Kubernetes), these are placeholders that are never
     * listed; the instances themselves are picked up when they are.
     */
    void started(Collection<ScalerInstance> instances, Instant now) {
        instances.forEach(instance -> pending.put(instance.workerId(), now));
    }

    /**
     * One tick's look at the instances the scaler lists: which starting ones registered
     * (measured), which ended — reported by the scaler's {@code exits}, or gone from its list
     * before registering — leaving out those the manager drained, and which are overdue.
     */
    List<Problem> observe(List<ScalerInstance> listed, Predicate<String> registered, List<InstanceExit> exits,
            Set<String> draining, Instant now, Duration startTimeout) {
        if (watchingSince == null) {
            watchingSince = now;
        }
        List<Problem> problems = new ArrayList<>();
        for (InstanceExit exit : exits) {
            if (draining.contains(exit.workerId())) {
                continue;
            }
            Instant requested = pending.remove(exit.workerId());
            String output = exit.lastLine().isEmpty() ? "" : ": " + exit.lastLine();
            if (requested != null) {
                problems.add(new Problem(exit.workerId(), "worker " + exit.workerId() + " " + exit.describe()
                        + " before registering (" + Human.duration(Duration.between(requested, now)) + " after its start)" + output));
            } else if (exit.exitCode().orElse(1) != 0 || !registeredEver.contains(exit.workerId())) {
                problems.add(new Problem(exit.workerId(), "worker " + exit.workerId() + " " + exit.describe()
                        + " unasked" + output + " (its tasks return through recovery)"));
            }
            forget(List.of(exit.workerId()));
        }
        Map<String, ScalerInstance> listedNow = new LinkedHashMap<>();
        listed.forEach(instance -> listedNow.put(instance.workerId(), instance));
        for (ScalerInstance instance : listedNow.values()) {
            String id = instance.workerId();
            if (!pending.containsKey(id) && !registeredEver.contains(id)) {
                // Made by the platform (a placeholder's real instance), or there before this manager.
                pending.put(id, instance.startedAt());
            }
            listedOnce.add(id);
        }
        for (var entry : new ArrayList<>(pending.entrySet())) {
            String id = entry.getKey();
            Instant since = entry.getValue();
            if (!listedNow.containsKey(id)) {
                if (listedOnce.contains(id) && !draining.contains(id)) {
                    problems.add(new Problem(id, "worker " + id + " exited before registering ("
                            + Human.duration(Duration.between(since, now)) + " after its start)"));
                }
                // Never listed: a placeholder; the instance it stands for is tracked by its own name.
                forget(List.of(id));
            } else if (registered.test(id)) {
                pending.remove(id);
                overdue.remove(id);
                registeredEver.add(id);
                if (!since.isBefore(watchingSince)) {
                    remember(Duration.between(since, now));
                }
                healthySinceLastProblem = true;
            } else if (!overdue.contains(id) && Duration.between(since, now).compareTo(startTimeout) > 0) {
                overdue.add(id);
                problems.add(new Problem(id, "worker " + id + " has not registered " + Human.duration(startTimeout)
                        + " after its start (is it reaching Redis? see its log)"));
            }
        }
        if (!problems.isEmpty()) {
            healthySinceLastProblem = false;
        }
        return problems;
    }

    /** Whether a worker registered since the last problem: a crash loop has ended. */
    boolean healthySinceLastProblem() {
        return healthySinceLastProblem;
    }

    /** The manager stopped these: they are neither pending nor ended by themselves. */
    void forget(Collection<String> workerIds) {
        workerIds.forEach(id -> {
            pending.remove(id);
            overdue.remove(id);
            registeredEver.remove(id);
            listedOnce.remove(id);
        });
    }

    private void remember(Duration startup) {
        measured.addLast(startup);
        while (measured.size() > MEASUREMENTS_KEPT) {
            measured.removeFirst();
        }
    }

    /** Workers started and not registered yet (overdue ones included). */
    int starting() {
        return pending.size();
    }

    /** The median measured start-up (start request to first heartbeat), when one was measured. */
    Optional<Duration> startupTime() {
        if (measured.isEmpty()) {
            return Optional.empty();
        }
        List<Duration> sorted = measured.stream().sorted().toList();
        return Optional.of(sorted.get(sorted.size() / 2));
    }

    /**
     * How long until the starting workers serve, on average: the measured start-up less the time
     * they have been starting; zero when none starts or nothing was measured yet.
     */
    Duration startupLeft(Instant now) {
        Optional<Duration> typical = startupTime();
        if (pending.isEmpty() || typical.isEmpty()) {
            return Duration.ZERO;
        }
        long left = 0;
        for (Instant requested : pending.values()) {
            left += Math.max(0, typical.get().minus(Duration.between(requested, now)).toMillis());
        }
        return Duration.ofMillis(left / pending.size());
    }
}
