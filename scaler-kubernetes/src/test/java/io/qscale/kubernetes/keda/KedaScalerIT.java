package io.qscale.kubernetes.keda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.qscale.core.metrics.HostMetrics;
import io.qscale.core.protocol.QueueKeys;
import io.qscale.core.redis.RedisEndpoint;
import io.qscale.kubernetes.keda.proto.ExternalScalerGrpc;
import io.qscale.kubernetes.keda.proto.GetMetricSpecResponse;
import io.qscale.kubernetes.keda.proto.GetMetricsRequest;
import io.qscale.kubernetes.keda.proto.GetMetricsResponse;
import io.qscale.kubernetes.keda.proto.IsActiveResponse;
import io.qscale.kubernetes.keda.proto.ScaledObjectRef;
import io.qscale.localredis.LocalRedisServer;
import io.qscale.localredis.RedisServerExtension;
import io.qscale.manager.runtime.Pool;
import io.qscale.rules.config.ScalingConfig;
import io.qscale.worker.demo.DemoTasks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code qscale keda-scaler}'s gRPC contract, called by a real gRPC client, answered from a live queue. */
@ExtendWith(RedisServerExtension.class)
class KedaScalerIT {

    private static final ScaledObjectRef REF = ScaledObjectRef.newBuilder().setName("thumbnails").setNamespace("jobs")
            .putScalerMetadata("scalerAddress", "qscale-keda-scaler.jobs:9090").build();

    private Pool pool;
    private PoolTarget target;
    private KedaScalerServer server;
    private ManagedChannel channel;
    private ExternalScalerGrpc.ExternalScalerBlockingStub keda;
    private QueueKeys keys;

    @BeforeEach
    void setUp(LocalRedisServer redis) throws Exception {
        keys = new QueueKeys("thumbs-" + UUID.randomUUID().toString().substring(0, 6));
        pool = Pool.builder(RedisEndpoint.parse("test", redis.uri()), keys).hostMetrics(HostMetrics.NONE).open();
        // Scale to zero allowed: KEDA's minReplicaCount 0.
        target = new PoolTarget(pool, ScalingConfig.defaultProfile().withBounds(0, 10), Clock.systemUTC());
        server = KedaScalerServer.start(target, keys.queueName(), "127.0.0.1", 0);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
        keda = ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
        target.close();
        pool.close();
    }

    private int metric() {
        GetMetricsResponse response = keda.getMetrics(GetMetricsRequest.newBuilder().setScaledObjectRef(REF)
                .setMetricName(KedaScalerServer.metricName(keys.queueName())).build());
        assertThat(response.getMetricValuesList()).singleElement().satisfies(value -> {
            assertThat(value.getMetricName()).isEqualTo(KedaScalerServer.metricName(keys.queueName()));
            assertThat(value.getMetricValue()).as("the deprecated integer agrees").isEqualTo((long) value.getMetricValueFloat());
        });
        return (int) response.getMetricValues(0).getMetricValueFloat();
    }

    @Test
    void anEmptyQueueIsInactiveAtZeroAndABurstMakesItActiveAtQscalesTarget() {
        pool.tick();

        assertThat(keda.isActive(REF).getResult()).isFalse();
        assertThat(metric()).isZero();

        pool.tasks().enqueueAll(DemoTasks.batch("sleep", 20, 3_000, 0, Instant.now()));
        pool.tick();

        assertThat(keda.isActive(REF).getResult()).isTrue();
        int workers = metric();
        assertThat(workers).as("qscale's own decision, what the HPA will scale to with target size 1")
                .isEqualTo(target.answer().decision().orElseThrow().target()).isBetween(1, 10);
        assertThat(target.answer().decision().orElseThrow().reason()).startsWith("scale up 0 → " + workers);

        pool.tick();
        assertThat(metric()).as("the next decision starts from the target KEDA was given").isGreaterThanOrEqualTo(workers);
    }

    @Test
    void theMetricSpecIsOneMetricWithTargetSizeOne() {
        GetMetricSpecResponse spec = keda.getMetricSpec(REF);

        assertThat(spec.getMetricSpecsList()).singleElement().satisfies(metric -> {
            assertThat(metric.getMetricName()).isEqualTo("qscale-" + keys.queueName() + "-workers");
            assertThat(metric.getTargetSizeFloat()).isEqualTo(1.0);
            assertThat(metric.getTargetSize()).isEqualTo(1);
        });
    }

    @Test
    void streamIsActiveSendsTheStateAtOnceThenEachChange() {
        pool.tick();
        List<Boolean> seen = new CopyOnWriteArrayList<>();
        Context.CancellableContext call = Context.current().withCancellation();
        try {
            call.run(() -> {
                Iterator<IsActiveResponse> stream = ExternalScalerGrpc.newBlockingStub(channel).streamIsActive(REF);
                seen.add(stream.next().getResult());

                pool.tasks().enqueueAll(DemoTasks.batch("sleep", 5, 3_000, 0, Instant.now()));
                pool.tick();
                pool.tick(); // no change: nothing sent

                seen.add(stream.next().getResult());
            });
        } finally {
            call.cancel(null);
        }

        assertThat(seen).containsExactly(false, true);
    }

    @Test
    void aHungUpStreamStopsListening() {
        pool.tick();
        Context.CancellableContext call = Context.current().withCancellation();
        call.run(() -> ExternalScalerGrpc.newBlockingStub(channel).streamIsActive(REF).next());
        assertThat(target.listeners()).isEqualTo(1);

        call.cancel(null);

        await().atMost(Duration.ofSeconds(5)).until(() -> target.listeners() == 0);
    }
}
