package io.qscale.manager;

import static org.assertj.core.api.Assertions.assertThat;

import io.qscale.manager.scaler.InstanceExit;
import io.qscale.manager.scaler.ScalerInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WorkerStartsTest {

    private static final Instant T0 = Instant.parse("2026-12-08T10:00:00Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final WorkerStarts starts = new WorkerStarts();
    private final Set<String> registered = new HashSet<>();

    private static ScalerInstance instance(String id, int second) {
        return new ScalerInstance(id, "ref", T0.plusSeconds(second));
    }

    private List<WorkerStarts.Problem> look(int second, List<ScalerInstance> listed, InstanceExit... exits) {
        return starts.observe(listed, registered::contains, List.of(exits), Set.of(), T0.plusSeconds(second), TIMEOUT);
    }

    @Test
    void measuresTheStartUpOfWorkersStartedWhileItWatches() {
        look(0, List.of());
        starts.started(List.of(instance("a", 0), instance("b", 0)), T0);
        look(1, List.of(instance("a", 0), instance("b", 0)));
        registered.add("a");
        look(2, List.of(instance("a", 0), instance("b", 0)));
        registered.add("b");
        look(4, List.of(instance("a", 0), instance("b", 0)));

        assertThat(starts.startupTime()).contains(Duration.ofSeconds(4));
        assertThat(starts.starting()).isZero();
        assertThat(starts.healthySinceLastProblem()).isTrue();
    }

    @Test
    void workersStartingCountUntilTheyRegisterAndTheirLeftTimeShrinks() {
        look(0, List.of());
        starts.started(List.of(instance("a", 0)), T0);
        registered.add("a");
        look(2, List.of(instance("a", 0)));
        starts.started(List.of(instance("b", 3)), T0.plusSeconds(3));
        look(4, List.of(instance("a", 0), instance("b", 3)));

        assertThat(starts.starting()).isEqualTo(1);
        assertThat(starts.startupLeft(T0.plusSeconds(4))).isEqualTo(Duration.ofSeconds(1));
        assertThat(starts.startupLeft(T0.plusSeconds(9))).isZero();
    }

    @Test
    void aPlaceholderThatIsNeverListedIsNoProblemAndTheRealInstanceIsTracked() {
        look(0, List.of());
        starts.started(List.of(new ScalerInstance("svc.new-1", "", T0)), T0);

        List<WorkerStarts.Problem> first = look(1, List.of(instance("svc.1.abc", 1)));
        registered.add("svc.1.abc");
        look(3, List.of(instance("svc.1.abc", 1)));

        assertThat(first).isEmpty();
        assertThat(starts.startupTime()).contains(Duration.ofSeconds(2));
    }

    @Test
    void anInstanceGoneFromTheListBeforeRegisteringExitedEvenWithoutAnExitReport() {
        starts.started(List.of(instance("c", 0)), T0);
        look(1, List.of(instance("c", 0)));

        List<WorkerStarts.Problem> problems = look(2, List.of());

        assertThat(problems).extracting(WorkerStarts.Problem::line)
                .containsExactly("worker c exited before registering (2.0 s after its start)");
        assertThat(starts.healthySinceLastProblem()).isFalse();
    }

    @Test
    void aRegisteredWorkerThatExitsZeroIsNoProblemButANonZeroExitIs() {
        starts.started(List.of(instance("d", 0), instance("e", 0)), T0);
        registered.addAll(Set.of("d", "e"));
        look(1, List.of(instance("d", 0), instance("e", 0)));

        List<WorkerStarts.Problem> problems = look(5, List.of(),
                new InstanceExit("d", OptionalInt.of(0), "bye", T0), new InstanceExit("e", OptionalInt.of(3), "", T0));

        assertThat(problems).extracting(WorkerStarts.Problem::workerId).containsExactly("e");
    }

    @Test
    void anOverdueWorkerIsReportedOnce() {
        starts.started(List.of(instance("f", 0)), T0);

        assertThat(look(30, List.of(instance("f", 0)))).isEmpty();
        assertThat(look(61, List.of(instance("f", 0)))).singleElement().extracting(WorkerStarts.Problem::line)
                .asString().startsWith("worker f has not registered 1 min");
        assertThat(look(62, List.of(instance("f", 0)))).isEmpty();
    }

    @Test
    void workersThereBeforeTheManagerAreNotMeasured() {
        registered.add("old");
        look(100, List.of(instance("old", 0)));

        assertThat(starts.startupTime()).isEmpty();
        assertThat(starts.starting()).isZero();
    }
}
