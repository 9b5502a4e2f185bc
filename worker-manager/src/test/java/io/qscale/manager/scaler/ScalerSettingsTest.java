package io.qscale.manager.scaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.qscale.core.redis.RedisEndpoint;
import io.qscale.manager.docker.DockerSettings;
import io.qscale.manager.docker.SwarmSettings;
import io.qscale.manager.local.LocalSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each scaler's settings as a table of good and bad values, as KEDA tests its scalers' metadata:
 * a bad value is refused when the scaler is made, in one line naming the setting, the value and
 * what is allowed, and an unknown setting is refused rather than ignored.
 */
class ScalerSettingsTest {

    private static ScalerContext context(String settings) {
        Map<String, String> map = new LinkedHashMap<>();
        if (!settings.isBlank()) {
            for (String pair : settings.split(";")) {
                int equals = pair.indexOf('=');
                map.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
            }
        }
        return new ScalerContext("tasks", RedisEndpoint.parse("test", "redis://127.0.0.1:6379"), map);
    }

    private static final Map<String, Function<ScalerContext, Object>> READERS = Map.of(
            "local", LocalSettings::from, "docker", DockerSettings::from, "swarm", SwarmSettings::from);

    @ParameterizedTest(name = "{0}: {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "local  | stopGraceMs=0                     | scaler.stopGraceMs must be a whole number >= 1, but was '0'",
            "local  | stopGraceMs=soon                  | scaler.stopGraceMs must be a whole number >= 1, but was 'soon'",
            "local  | comand=/bin/true                  | scaler.comand is not a setting of the local scaler; it takes args, command, logDir, stateDir, stopGraceMs",
            "docker | network=host                      | scaler.image is required for the docker scaler (for example qscale/worker:local)",
            "docker | image=w;memory=lots               | scaler.memory must be a size in bytes > 0 such as 536870912, 512m or 1g, but was 'lots'",
            "docker | image=w;memory=-5                 | scaler.memory must be a size in bytes > 0 such as 536870912, 512m or 1g, but was '-5'",
            "docker | image=w;cpus=0                    | scaler.cpus must be a number > 0 such as 0.5 or 2, but was '0'",
            "docker | image=w;cpus=two                  | scaler.cpus must be a number > 0 such as 0.5 or 2, but was 'two'",
            "docker | image=w;stopGraceSeconds=-1       | scaler.stopGraceSeconds must be a whole number >= 0, but was '-1'",
            "docker | image=w;env=DEBUG                 | scaler.env must be comma-separated KEY=VALUE pairs, but was 'DEBUG'",
            "docker | image=w;imgae=x                   | scaler.imgae is not a setting of the docker scaler; it takes cpus, dockerHost, env, image, memory, network, stopGraceSeconds",
            "swarm  | replicas=3                        | scaler.replicas is not a setting of the swarm scaler; it takes dockerHost, image, network, service"})
    void aBadValueIsOneLineNamingTheSetting(String scaler, String settings, String message) {
        assertThatThrownBy(() -> READERS.get(scaler.strip()).apply(context(settings))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void goodValuesAreTypedOnceWithTheirDefaults() {
        DockerSettings docker = DockerSettings.from(context("image=qscale/worker:local;memory=512m;cpus=1.5;env=A=1, B=2"));
        LocalSettings local = LocalSettings.from(context("command=/usr/bin/python3 worker.py;stopGraceMs=5000"));
        SwarmSettings swarm = SwarmSettings.from(context(""));

        assertThat(docker.memory()).isEqualTo(OptionalLong.of(512L << 20));
        assertThat(docker.cpus()).isEqualTo(OptionalDouble.of(1.5));
        assertThat(docker.env()).containsExactly("A=1", "B=2");
        assertThat(docker.network()).isEqualTo("host");
        assertThat(docker.stopGraceSeconds()).isEqualTo(35);
        assertThat(DockerSettings.from(context("image=w;memory=1g")).memory()).isEqualTo(OptionalLong.of(1L << 30));
        assertThat(DockerSettings.from(context("image=w;memory=1048576")).memory()).isEqualTo(OptionalLong.of(1L << 20));
        assertThat(local.command()).containsExactly("/usr/bin/python3", "worker.py");
        assertThat(local.stopGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(LocalSettings.from(context("")).stopGrace()).isEqualTo(Duration.ofMillis(LocalSettings.DEFAULT_STOP_GRACE_MS));
        assertThat(swarm.service()).isEqualTo("qscale-worker-tasks");
        assertThat(swarm.image()).isEmpty();
        assertThat(List.of(LocalSettings.KNOWN, DockerSettings.KNOWN, SwarmSettings.KNOWN)).allSatisfy(known ->
                assertThat(known).doesNotHaveDuplicates());
    }
}
