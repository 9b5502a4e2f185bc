package io.qscale.rules.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanTest {

    @ParameterizedTest
    @CsvSource({"0, 0 ms", "850, 850 ms", "3210, 3.2 s", "45000, 45 s", "125000, 2 min 05 s", "3720000, 1 h 02 min"})
    void durationsReadAsPeopleSayThem(long millis, String expected) {
        assertThat(Human.duration(Duration.ofMillis(millis))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, 0 %", "0.6667, 67 %", "1, 100 %"})
    void percentagesAreWhole(double fraction, String expected) {
        assertThat(Human.percent(fraction)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, 0/s", "0.25, 0.25/s", "1.33, 1.3/s", "42.4, 42/s"})
    void ratesKeepTwoSignificantDigits(double rate, String expected) {
        assertThat(Human.rate(rate)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"512, 512 B", "1536, 1.5 KiB", "1610612736, 1.5 GiB"})
    void bytesUseBinaryUnits(long bytes, String expected) {
        assertThat(Human.bytes(bytes)).isEqualTo(expected);
    }
}
