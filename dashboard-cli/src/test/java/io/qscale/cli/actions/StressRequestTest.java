package io.qscale.cli.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one set of limits of a stress request, whichever way it is asked (CLI, prompt, keys, API). */
class StressRequestTest {

    @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
    @CsvSource(delimiter = '|', value = {
            "0      | sleep | 3000    | 0   | tasks must be between 1 and 100000, but was 0",
            "100001 | sleep | 3000    | 0   | tasks must be between 1 and 100000, but was 100001",
            "5      | magic | 3000    | 0   | type must be one of sleep, cpu, fail, noop, but was 'magic'",
            "5      | sleep | -1      | 0   | durationMs must be between 0 and 3600000, but was -1",
            "5      | sleep | 3600001 | 0   | durationMs must be between 0 and 3600000, but was 3600001",
            "5      | sleep | 3000    | 1.5 | failRate must be between 0 and 1, but was 1.5",
            "5      | sleep | 3000    | NaN | failRate must be between 0 and 1, but was NaN"})
    void aBadValueIsRefusedNamingItAndWhatIsAllowed(int tasks, String type, long durationMs, double failRate, String message) {
        assertThatThrownBy(() -> new StressRequest(tasks, type, durationMs, failRate)).hasMessage(message);
    }

    @Test
    void theEdgesOfEveryRangeAreAllowed() {
        assertThat(new StressRequest(1, "noop", 0, 0).tasks()).isEqualTo(1);
        assertThat(new StressRequest(StressRequest.MAX_TASKS, "fail", StressRequest.MAX_DURATION_MS, 1).failRate()).isEqualTo(1);
        assertThat(StressRequest.sleeps(25)).isEqualTo(new StressRequest(25, "sleep", 3000, 0));
    }
}
