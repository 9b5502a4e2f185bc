package io.qscale.core.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.event.command.CommandListener;
import java.util.List;

/**
 * Connections to one Redis endpoint (a single server, Sentinel, or a Cluster): a shared one for
 * ordinary commands and, on first use, a second one reserved for blocking claims (a blocked
 * connection would stall everything queued behind it). The one way qscale connects to Redis.
 * Thread-safe, except that blocking commands must come from one thread at a time.
 */
public final class RedisSession implements AutoCloseable {

    /**
     * While disconnected from a single server (or Sentinel), commands fail at once instead of
     * waiting in a queue for the command timeout: callers (the manager's tick, a worker's loop)
     * then hold or back off, and Lettuce reconnects in the background.
     */
    private static final ClientOptions.DisconnectedBehavior FAIL_FAST = ClientOptions.DisconnectedBehavior.REJECT_COMMANDS;

    private final RedisEndpoint endpoint;
    private final AbstractRedisClient client;
    private final Connection shared;
    private Connection blocking;

    /** One Lettuce connection seen through the command interfaces that servers and clusters share. */
    private record Connection(StatefulConnection<String, String> stateful, RedisClusterCommands<String, String> sync,
            RedisClusterAsyncCommands<String, String> async) {

        static Connection of(AbstractRedisClient client) {
            if (client instanceof RedisClusterClient cluster) {
                StatefulRedisClusterConnection<String, String> c = cluster.connect();
                return new Connection(c, c.sync(), c.async());
            }
            StatefulRedisConnection<String, String> c = ((RedisClient) client).connect();
            return new Connection(c, c.sync(), c.async());
        }
    }

    private RedisSession(RedisEndpoint endpoint, AbstractRedisClient client, Connection shared) {
        this.endpoint = endpoint;
        this.client = client;
        this.shared = shared;
    }

    /**
     * Connects, failing with one line that names the endpoint (password masked) when Redis does
     * not answer.
     */
    public static RedisSession connect(RedisEndpoint endpoint) {
        return connect(endpoint, null);
    }

    /** As {@link #connect(RedisEndpoint)}, reporting every command sent to {@code listener}. */
    public static RedisSession connect(RedisEndpoint endpoint, CommandListener listener) {
        AbstractRedisClient client;
        SslOptions ssl = endpoint.trustedCa()
                .map(ca -> SslOptions.builder().jdkSslProvider().trustManager(ca.toFile()).build())
                .orElse(SslOptions.create());
        if (endpoint.isCluster()) {
            // The cluster client opens node connections lazily, which rejecting commands while
            // disconnected would break: a cluster keeps Lettuce's default (queue, then time out).
            RedisClusterClient cluster = RedisClusterClient.create(endpoint.uri());
            cluster.setOptions(ClusterClientOptions.builder().sslOptions(ssl).build());
            client = cluster;
        } else {
            RedisClient single = RedisClient.create(endpoint.uri());
            single.setOptions(ClientOptions.builder().disconnectedBehavior(FAIL_FAST).sslOptions(ssl).build());
            client = single;
        }
        if (listener != null) {
            client.addListener(listener);
        }
        try {
            return new RedisSession(endpoint, client, Connection.of(client));
        } catch (RedisConnectionException e) {
            client.shutdown();
            throw new RedisUnavailableException("cannot connect to Redis at " + endpoint + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** Synchronous commands on the shared connection. */
    public RedisClusterCommands<String, String> commands() {
        return shared.sync();
    }

    /** Asynchronous commands on the shared connection, for pipelining. */
    public RedisClusterAsyncCommands<String, String> async() {
        return shared.async();
    }

    /** The Redis server's clock, in milliseconds since the epoch (one round trip: TIME). */
    public long serverMillis() {
        List<String> time = shared.sync().time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }

    /** Synchronous commands on the connection reserved for blocking commands. */
    public synchronized RedisClusterCommands<String, String> blockingCommands() {
        if (blocking == null) {
            blocking = Connection.of(client);
        }
        return blocking.sync();
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public synchronized void close() {
        if (blocking != null) {
            blocking.stateful().close();
        }
        shared.stateful().close();
        client.shutdown();
    }
}
