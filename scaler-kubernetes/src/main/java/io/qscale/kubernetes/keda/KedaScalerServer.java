package io.qscale.kubernetes.keda;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC server KEDA calls ({@code scalerAddress: host:port} in a ScaledObject's
 * {@code external} or {@code external-push} trigger). Thread-safe; close once.
 */
public final class KedaScalerServer implements AutoCloseable {

    private final Server server;

    private KedaScalerServer(Server server) {
        this.server = server;
    }

    /** Serves {@code target} for {@code queue} on {@code bind:port} (port 0: any free one). */
    public static KedaScalerServer start(PoolTarget target, String queue, String bind, int port) throws IOException {
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress(bind, port))
                .addService(new KedaExternalScaler(target, queue)).build().start();
        return new KedaScalerServer(server);
    }

    /** The port it listens on. */
    public int port() {
        return server.getPort();
    }

    /** The name of the one metric it serves for {@code queue}. */
    public static String metricName(String queue) {
        return KedaExternalScaler.metricName(queue);
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
