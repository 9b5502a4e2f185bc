package io.qscale.rules.scaledown;

import io.qscale.rules.validation.Require;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which workers leave first when the pool shrinks, drain-first: instances that serve nothing yet
 * (started, not registered: they hold no task and go at once), then idle workers (they leave as
 * soon as they are asked), then busy ones, the longest-running task first (it is the likeliest to
 * be done soonest, so the drain ends soonest). Ties go to the youngest instance, then to the id,
 * so the order is total and the same everywhere. Pure and thread-safe; the manager and the
 * simulator both call it.
 */
public final class ScaleDownOrder {

    /** Where a worker stands, as the order sees it. */
    public enum Stage {
        /** Started, not registered yet: serves nothing. */
        STARTING,
        /** Registered and alive, running nothing. */
        IDLE,
        /** Running at least one task. */
        BUSY
    }

    /**
     * One worker the pool could let go. Immutable.
     *
     * @param id its worker id
     * @param stage where it stands
     * @param startedAt when its instance was started
     * @param taskStartedAt when its oldest running task started (busy workers; empty when not known)
     */
    public record Candidate(String id, Stage stage, Instant startedAt, Optional<Instant> taskStartedAt) {
        public Candidate {
            Require.nonBlank("id", id);
            Require.nonNull("stage", stage);
            Require.nonNull("startedAt", startedAt);
            taskStartedAt = taskStartedAt == null ? Optional.empty() : taskStartedAt;
        }
    }

    /** The order itself: stage, then the oldest task first, then the youngest instance, then the id. */
    public static final Comparator<Candidate> ORDER = Comparator.comparing(Candidate::stage)
            .thenComparing(candidate -> candidate.taskStartedAt().orElse(Instant.MAX))
            .thenComparing(Candidate::startedAt, Comparator.reverseOrder())
            .thenComparing(Candidate::id);

    private ScaleDownOrder() {
    }

    /** The first {@code count} of {@code candidates} in this order (all of them when fewer). */
    public static List<Candidate> victims(List<Candidate> candidates, int count) {
        Require.atLeast("count", count, 0);
        return candidates.stream().sorted(ORDER).limit(count).toList();
    }
}
