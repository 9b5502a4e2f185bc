package io.qscale.core.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisEndpointTest {

    @Test
    void printsTheUriWithThePasswordMasked() {
        RedisEndpoint endpoint = RedisEndpoint.parse("redis.uri", "rediss://app:s3cret@cache.example:6380/2");

        assertThat(endpoint.toString()).isEqualTo("rediss://app:***@cache.example:6380/2").doesNotContain("s3cret");
    }

    @Test
    void aBadUriNamesTheFieldAndNeverShowsThePassword() {
        assertThatThrownBy(() -> RedisEndpoint.parse("REDIS_URL", "http://:hunter2@host"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("REDIS_URL must be a Redis URI")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aMissingUriSaysWhatIsExpected() {
        assertThatThrownBy(() -> RedisEndpoint.parse("REDIS_URL", " "))
                .hasMessage("REDIS_URL must be a Redis URI such as redis://127.0.0.1:6379, but was missing");
    }

    @Test
    void handsWorkersTheUriAsGivenWithItsCredentials() {
        for (String given : new String[] {"redis://:s3cret@127.0.0.1:6481", "rediss://alice:p%40ss@cache.example:6380/2",
                "redis+cluster://app:pw@10.0.0.1:7000", "redis-sentinel://:pw@sentinel:26379/0#mymaster"}) {
            RedisEndpoint endpoint = RedisEndpoint.parse("--redis", given);

            assertThat(endpoint.secretUri()).isEqualTo(given);
            assertThat(endpoint.trusting("--redis-ca", java.nio.file.Path.of("pom.xml")).secretUri()).isEqualTo(given);
        }
    }

    @Test
    void masksItsPasswordInOtherProgramsOutput() {
        RedisEndpoint endpoint = RedisEndpoint.parse("--redis", "redis://alice:s3cret@127.0.0.1:6481");

        assertThat(endpoint.masked("ERR connecting to redis://alice:s3cret@127.0.0.1:6481 (AUTH s3cret)"))
                .isEqualTo("ERR connecting to redis://alice:***@127.0.0.1:6481 (AUTH ***)");
        assertThat(RedisEndpoint.parse("--redis", "redis://127.0.0.1:6481").masked("WRONGPASS invalid"))
                .isEqualTo("WRONGPASS invalid");
    }
}
