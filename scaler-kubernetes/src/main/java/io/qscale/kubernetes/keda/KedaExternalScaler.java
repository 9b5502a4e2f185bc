package io.qscale.kubernetes.keda;

import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.qscale.kubernetes.keda.proto.ExternalScalerGrpc;
import io.qscale.kubernetes.keda.proto.GetMetricSpecResponse;
import io.qscale.kubernetes.keda.proto.GetMetricsRequest;
import io.qscale.kubernetes.keda.proto.GetMetricsResponse;
import io.qscale.kubernetes.keda.proto.IsActiveResponse;
import io.qscale.kubernetes.keda.proto.MetricSpec;
import io.qscale.kubernetes.keda.proto.MetricValue;
import io.qscale.kubernetes.keda.proto.ScaledObjectRef;
import io.qscale.manager.runtime.Subscription;
import java.util.Locale;

/**
 * KEDA's external scaler contract answered from qscale's decision. The one metric is the worker
 * count qscale wants, with a target size of 1 per replica, so the HPA that KEDA drives computes
 * {@code ceil(metric / 1)} = qscale's target. Thread-safe.
 */
final class KedaExternalScaler extends ExternalScalerGrpc.ExternalScalerImplBase {

    private final PoolTarget target;
    private final String metricName;

    KedaExternalScaler(PoolTarget target, String queue) {
        this.target = target;
        this.metricName = metricName(queue);
    }

    /** The metric's name: KEDA prefixes it with the trigger's index; lowercase letters, digits and dashes. */
    static String metricName(String queue) {
        return "qscale-" + queue.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + "-workers";
    }

    @Override
    public void isActive(ScaledObjectRef request, StreamObserver<IsActiveResponse> responses) {
        responses.onNext(IsActiveResponse.newBuilder().setResult(target.answer().active()).build());
        responses.onCompleted();
    }

    /** Sends the activity now, then every change, until KEDA hangs up. */
    @Override
    public void streamIsActive(ScaledObjectRef request, StreamObserver<IsActiveResponse> responses) {
        ServerCallStreamObserver<IsActiveResponse> stream = (ServerCallStreamObserver<IsActiveResponse>) responses;
        Object lock = new Object();
        boolean[] last = {target.answer().active()};
        synchronized (lock) {
            stream.onNext(IsActiveResponse.newBuilder().setResult(last[0]).build());
        }
        Subscription subscription = target.onChange(answer -> {
            synchronized (lock) {
                if (answer.active() != last[0] && !stream.isCancelled()) {
                    last[0] = answer.active();
                    stream.onNext(IsActiveResponse.newBuilder().setResult(answer.active()).build());
                }
            }
        });
        stream.setOnCancelHandler(subscription::close);
    }

    @Override
    public void getMetricSpec(ScaledObjectRef request, StreamObserver<GetMetricSpecResponse> responses) {
        responses.onNext(GetMetricSpecResponse.newBuilder().addMetricSpecs(MetricSpec.newBuilder()
                .setMetricName(metricName).setTargetSize(1).setTargetSizeFloat(1.0)).build());
        responses.onCompleted();
    }

    @Override
    public void getMetrics(GetMetricsRequest request, StreamObserver<GetMetricsResponse> responses) {
        int workers = target.answer().target();
        responses.onNext(GetMetricsResponse.newBuilder().addMetricValues(MetricValue.newBuilder()
                .setMetricName(metricName).setMetricValue(workers).setMetricValueFloat(workers)).build());
        responses.onCompleted();
    }
}
