package io.qscale.rules.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanTest {

    @ParameterizedTest
    @CsvSource({"0, 0 ms", "850, 850 ms", "999, 999 ms", "1000, 1.0 s", "3210, 3.2 s", "9999, 10.0 s", "10000, 10 s",
            "45000, 45 s", "59499, 59 s", "59500, 1 min 00 s", "125000, 2 min 05 s", "3599499, 59 min 59 s",
            "3599500, 1 h 00 min", "3720000, 1 h 02 min"})
    void durationsReadAsPeopleSayThem(long millis, String expected) {
        assertThat(Human.duration(Duration.ofMillis(millis))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, 0 %", "0.6667, 67 %", "1, 100 %"})
    void percentagesAreWhole(double fraction, String expected) {
        assertThat(Human.percent(fraction)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"0, 0/s", "0.25, 0.25/s", "0.999, 1.00/s", "1, 1.0/s", "1.33, 1.3/s", "9.99, 10.0/s", "10, 10/s", "42.4, 42/s"})
    void ratesKeepTwoSignificantDigits(double rate, String expected) {
        assertThat(Human.rate(rate)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"512, 512 B", "1023, 1023 B", "1024, 1.0 KiB", "1536, 1.5 KiB", "1048575, 1024.0 KiB", "1048576, 1.0 MiB",
            "1610612736, 1.5 GiB", "1125899906842624, 1024.0 TiB"})
    void bytesUseBinaryUnits(long bytes, String expected) {
        assertThat(Human.bytes(bytes)).isEqualTo(expected);
    }
}
