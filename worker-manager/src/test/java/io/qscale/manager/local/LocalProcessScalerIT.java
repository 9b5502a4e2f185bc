package io.qscale.manager.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.qscale.core.redis.RedisEndpoint;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import io.qscale.manager.scaler.ScalerContext;
import io.qscale.manager.scaler.ScalerInstance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RedisServerExtension.class)
class LocalProcessScalerIT {

    @Test
    void aRestartedManagerAdoptsTheChildrenStillRunningAndClosingStopsThem(LocalRedisServer server) throws Exception {
        Path state = Files.createTempDirectory("qscale-adopt");
        ScalerContext context = new ScalerContext("adopt", RedisEndpoint.parse("test", server.uri()),
                Map.of("stateDir", state.toString(), "logDir", state.toString()));
        LocalProcessScaler first = LocalProcessScaler.create(context);
        List<ScalerInstance> started = first.start(2);
        long pid = Long.parseLong(started.get(0).reference());

        // The first manager "dies" without closing its scaler; a new one starts on the same state folder.
        LocalProcessScaler second = LocalProcessScaler.create(context);

        assertThat(second.instances()).extracting(ScalerInstance::workerId)
                .containsExactlyInAnyOrderElementsOf(started.stream().map(ScalerInstance::workerId).toList());
        second.close();
        await().atMost(Duration.ofSeconds(40)).until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertThat(Files.list(state).filter(f -> f.toString().endsWith(".pid"))).isEmpty();
    }

    @Test
    void aStalePidFileIsForgotten(LocalRedisServer server) throws Exception {
        Path state = Files.createTempDirectory("qscale-stale");
        Files.writeString(state.resolve("adopt-local-gone.pid"), Long.toString(ProcessHandle.current().pid()));
        ScalerContext context = new ScalerContext("adopt", RedisEndpoint.parse("test", server.uri()),
                Map.of("stateDir", state.toString(), "logDir", state.toString()));

        LocalProcessScaler scaler = LocalProcessScaler.create(context);

        assertThat(scaler.instances()).as("a live process that is not one of ours is not adopted").isEmpty();
        assertThat(state.resolve("adopt-local-gone.pid")).doesNotExist();
    }
}
