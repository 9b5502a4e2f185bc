package io.qscale.commandline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFormatTest {

    @Test
    void theFlagOrTheEnvironmentChoosesTheFormatAndTheFlagWins() {
        assertThat(LogFormat.requested(List.of("manager", "--log-format", "json"), Map.of())).contains(LogFormat.json);
        assertThat(LogFormat.requested(List.of("worker", "--log-format=json"), Map.of())).contains(LogFormat.json);
        assertThat(LogFormat.requested(List.of("manager"), Map.of("QSCALE_LOG_FORMAT", "JSON"))).contains(LogFormat.json);
        assertThat(LogFormat.requested(List.of("manager", "--log-format", "human"), Map.of("QSCALE_LOG_FORMAT", "json")))
                .contains(LogFormat.human);
    }

    @Test
    void nothingOrAnUnknownValueChoosesNothingAndLeavesTheErrorToTheOption() {
        assertThat(LogFormat.requested(List.of("manager"), Map.of())).isEmpty();
        assertThat(LogFormat.requested(List.of("manager", "--log-format", "yaml"), Map.of())).isEmpty();
        assertThat(LogFormat.requested(List.of("manager", "--log-format"), Map.of())).isEmpty();
    }
}
