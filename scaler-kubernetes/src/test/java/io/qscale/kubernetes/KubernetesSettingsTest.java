package io.qscale.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qscale.core.redis.RedisEndpoint;
import io.qscale.manager.scaler.ScalerContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The kubernetes scaler's settings as a table: checked when the scaler is made, before any API call. */
class KubernetesSettingsTest {

    private static ScalerContext context(String key, String value) {
        return new ScalerContext("tasks", RedisEndpoint.parse("test", "redis://127.0.0.1:6379"), Map.of(key, value));
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "settle     | soon | scaler.settle must be a duration such as 500ms, 30s, 5m or 1h, but was 'soon'",
            "settle     | 0s   | scaler.settle must be more than 0s, but was '0s'",
            "replicas   | 3    | scaler.replicas is not a setting of the kubernetes scaler; it takes deployment, master, namespace, settle"})
    void aBadValueIsOneLineNamingTheSetting(String key, String value, String message) {
        assertThatThrownBy(() -> KubernetesSettings.from(context(key.strip(), value.strip()))).hasMessage(message);
    }

    @Test
    void defaultsAndGoodValues() {
        KubernetesSettings defaults = KubernetesSettings.from(new ScalerContext("tasks",
                RedisEndpoint.parse("test", "redis://127.0.0.1:6379"), Map.of()));

        assertThat(defaults.deployment()).isEqualTo("qscale-worker");
        assertThat(defaults.settle()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.namespace()).isEmpty();
        assertThat(KubernetesSettings.from(context("settle", "2m")).settle()).isEqualTo(Duration.ofMinutes(2));
        assertThat(KubernetesSettings.from(context("namespace", "jobs")).namespace()).contains("jobs");
    }
}
