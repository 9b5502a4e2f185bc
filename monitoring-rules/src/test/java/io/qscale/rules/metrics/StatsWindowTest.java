package io.qscale.rules.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatsWindowTest {

    private static final Duration BUCKET = Duration.ofSeconds(5);
    private static final Duration RATE_WINDOW = Duration.ofSeconds(30);

    @Test
    void ratesCountOnlyBucketsInsideTheRateWindow() {
        long now = 1_000_000_000L; // epoch ms, on a bucket boundary
        List<StatsWindow.Bucket> buckets = List.of(
                new StatsWindow.Bucket(now / 1000 - 5, Map.of("a", 30L, "c", 15L)),
                new StatsWindow.Bucket(now / 1000 - 100, Map.of("a", 1000L, "c", 1000L)));

        StatsWindow stats = StatsWindow.of(buckets, now, BUCKET, RATE_WINDOW);

        assertThat(stats.arrivalRate()).isCloseTo(1.0, within(1e-9));   // 30 tasks / 30 s
        assertThat(stats.completionRate()).isCloseTo(0.5, within(1e-9));
    }

    @Test
    void successRateAndTimesCoverTheWholeWindow() {
        long now = 1_000_000_000L;
        List<StatsWindow.Bucket> buckets = List.of(
                new StatsWindow.Bucket(now / 1000 - 100, Map.of("c", 9L, "f", 1L, "n", 10L, "s", 10_000L, "h73", 10L)));

        StatsWindow stats = StatsWindow.of(buckets, now, BUCKET, RATE_WINDOW);

        assertThat(stats.successRate()).isEqualTo(0.9);
        assertThat(stats.avgProcessingTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(stats.samples()).isEqualTo(10);
        assertThat(stats.completionRate()).isZero();
    }

    @Test
    void nothingFinishedMeansFullSuccessAndZeroTimes() {
        StatsWindow stats = StatsWindow.of(List.of(), 1_000_000_000L, BUCKET, RATE_WINDOW);

        assertThat(stats.successRate()).isEqualTo(1.0);
        assertThat(stats.p95ProcessingTime()).isZero();
        assertThat(stats.avgProcessingTime()).isZero();
    }

    @Test
    void percentileLandsInTheBinOfTheRankWithinTenPercent() {
        long[] histogram = new long[100];
        // 90 samples of ~100 ms (bin 49: [1.1^48, 1.1^49) = [97.0, 106.7)) and 10 of ~1 s (bin 73).
        histogram[49] = 90;
        histogram[73] = 10;

        Duration p95 = StatsWindow.percentile(histogram, 0.95);
        Duration p50 = StatsWindow.percentile(histogram, 0.50);

        assertThat(p95.toMillis()).isBetween(900L, 1100L);
        assertThat(p50.toMillis()).isBetween(97L, 107L);
    }
}
