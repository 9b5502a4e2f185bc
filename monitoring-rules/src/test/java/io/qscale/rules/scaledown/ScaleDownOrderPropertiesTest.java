package io.qscale.rules.scaledown;

import static org.assertj.core.api.Assertions.assertThat;

import io.qscale.rules.scaledown.ScaleDownOrder.Candidate;
import io.qscale.rules.scaledown.ScaleDownOrder.Stage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The one scale-down order over random pools: it never lets a busy worker go while an idle or a
 * starting one stays, among busy ones the oldest task goes first, and the pick depends on the pool,
 * not on the order the pool was listed in (the manager lists instances, the simulator its workers).
 */
class ScaleDownOrderPropertiesTest {

    private static final Instant T0 = Instant.parse("2026-12-08T10:00:00Z");

    @Provide
    Arbitrary<List<Candidate>> pools() {
        Arbitrary<Candidate> candidate = Combinators.combine(Arbitraries.of(Stage.values()), Arbitraries.integers().between(0, 600),
                Arbitraries.integers().between(0, 600)).as((stage, started, task) -> new Candidate("w", stage,
                        T0.plusSeconds(started), stage == Stage.BUSY ? Optional.of(T0.plusSeconds(started + task)) : Optional.empty()));
        return candidate.list().ofMinSize(0).ofMaxSize(40).map(list -> {
            List<Candidate> named = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Candidate c = list.get(i);
                named.add(new Candidate("w" + i, c.stage(), c.startedAt(), c.taskStartedAt()));
            }
            return named;
        });
    }

    @Property
    void theVictimsAreTheSameWhateverOrderThePoolIsListedIn(@ForAll("pools") List<Candidate> pool,
            @ForAll @IntRange(min = 0, max = 45) int count, @ForAll long seed) {
        List<Candidate> shuffled = new ArrayList<>(pool);
        Collections.shuffle(shuffled, new Random(seed));

        assertThat(ScaleDownOrder.victims(shuffled, count)).isEqualTo(ScaleDownOrder.victims(pool, count));
    }

    @Property
    void aBusyWorkerNeverLeavesWhileAnIdleOrStartingOneStays(@ForAll("pools") List<Candidate> pool,
            @ForAll @IntRange(min = 0, max = 45) int count) {
        List<Candidate> victims = ScaleDownOrder.victims(pool, count);
        List<Candidate> staying = pool.stream().filter(c -> !victims.contains(c)).toList();

        assertThat(victims).hasSize(Math.min(count, pool.size()));
        for (Candidate victim : victims) {
            for (Candidate stays : staying) {
                assertThat(victim.stage().compareTo(stays.stage())).as("%s leaves, %s stays", victim, stays).isLessThanOrEqualTo(0);
                if (victim.stage() == Stage.BUSY && stays.stage() == Stage.BUSY) {
                    assertThat(victim.taskStartedAt().orElseThrow()).as("the oldest task's worker leaves first")
                            .isBeforeOrEqualTo(stays.taskStartedAt().orElseThrow());
                }
            }
        }
    }
}
