package io.qscale.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.qscale.core.protocol.WorkerLoad;
import org.junit.jupiter.api.Test;

class ProcessLoadTest {

    @Test
    void theFirstSampleIsOnlyABaselineAndTheNextMeasuresTheProcessCpu() {
        ProcessLoad load = new ProcessLoad(1);

        WorkerLoad first = load.sample();
        long end = System.nanoTime() + 300_000_000L;
        long spin = 0;
        while (System.nanoTime() < end) {
            spin += System.nanoTime() % 3;
        }
        WorkerLoad second = load.sample();

        assertThat(first.cpu()).as("start-up is not load").isEmpty();
        assertThat(spin).isNotNegative();
        assertThat(second.cpu()).isPresent();
        assertThat(second.cpu().getAsDouble()).isBetween(0.3, 1.0);
    }

    @Test
    void twoSlotsHalveTheFigure() {
        ProcessLoad load = new ProcessLoad(2);
        load.sample();
        long end = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }

        WorkerLoad sampled = load.sample();
        assertThat(sampled.cpu()).isPresent();
        assertThat(sampled.cpu().getAsDouble()).isBetween(0.15, 0.6);
    }
}
