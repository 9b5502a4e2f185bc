package io.qscale.core.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.event.command.CommandListener;

/**
 * Connections to one Redis endpoint: a shared one for ordinary commands and, on first use, a
 * second one reserved for blocking claims (a blocked connection would stall everything queued
 * behind it). The one way qscale connects to Redis. Thread-safe, except that blocking commands
 * must come from one thread at a time.
 */
public final class RedisSession implements AutoCloseable {

    private final RedisEndpoint endpoint;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private StatefulRedisConnection<String, String> blockingConnection;

    private RedisSession(RedisEndpoint endpoint, RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.endpoint = endpoint;
        this.client = client;
        this.connection = connection;
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
        RedisClient client = RedisClient.create(endpoint.uri());
        if (listener != null) {
            client.addListener(listener);
        }
        try {
            return new RedisSession(endpoint, client, client.connect());
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
    public RedisCommands<String, String> commands() {
        return connection.sync();
    }

    /** The shared connection, for asynchronous (pipelined) use. */
    public StatefulRedisConnection<String, String> connection() {
        return connection;
    }

    /** Synchronous commands on the connection reserved for blocking commands. */
    public synchronized RedisCommands<String, String> blockingCommands() {
        if (blockingConnection == null) {
            blockingConnection = client.connect();
        }
        return blockingConnection.sync();
    }

    public RedisEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public synchronized void close() {
        if (blockingConnection != null) {
            blockingConnection.close();
        }
        connection.close();
        client.shutdown();
    }
}
