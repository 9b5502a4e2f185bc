package io.qscale.rules.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PoolSizeTest {

    @Test
    void theScalersCountIsTheSizeWhenKnownElseTheAliveWorkers() {
        assertThat(new PoolSize(4, 3, 2, 0, 5).size()).isEqualTo(5);
        assertThat(new PoolSize(4, 3, 0, 0, -1).size()).isEqualTo(3);
        assertThat(new PoolSize(4, 3, 0, 1, 2).size()).as("drained instances are not the scaler's count").isEqualTo(2);
    }

    @Test
    void servingCountsTheWorkersOnTheirWayAndServingNowLeavesThemOut() {
        PoolSize growing = new PoolSize(3, 3, 2, 0, 5);

        assertThat(growing.serving()).isEqualTo(5);
        assertThat(growing.servingNow()).isEqualTo(3);
        assertThat(new PoolSize(6, 6, 0, 0, 4).serving()).as("alive workers the scaler does not list still serve").isEqualTo(6);
        assertThat(new PoolSize(0, 0, 3, 0, 2).servingNow()).isZero();
    }

    @Test
    void aSnapshotSaysItsPoolSizeFromItsOwnFigures() {
        MetricsSnapshot s = MetricsSnapshot.builder(Instant.parse("2026-12-08T10:00:00Z"), "q").workers(3, 1).registeredWorkers(4)
                .drainingWorkers(1).scalerInstances(5).startingWorkers(2).build();

        assertThat(s.pool()).isEqualTo(new PoolSize(4, 3, 2, 1, 5));
        assertThat(s.servingWorkers()).isEqualTo(5);
        assertThatThrownBy(() -> new PoolSize(0, 0, 0, 0, -2)).hasMessageStartingWith("scalerInstances must be");
    }
}
