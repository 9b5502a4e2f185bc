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
}
