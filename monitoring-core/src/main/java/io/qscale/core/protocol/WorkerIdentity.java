package io.qscale.core.protocol;

import io.qscale.rules.validation.Require;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Who a worker is: its id (from {@code QSCALE_WORKER_ID}, else host-pid-random), host, pid, start
 * time and version. Sent with every heartbeat so that an entry removed by recovery is rebuilt
 * whole. Immutable and thread-safe.
 */
public record WorkerIdentity(String id, String host, long pid, Instant startedAt, String version) {

    /** The environment variable a scaler sets so that heartbeats and instances can be matched. */
    public static final String ID_ENV = "QSCALE_WORKER_ID";

    public WorkerIdentity {
        Require.that(id != null && id.matches("[A-Za-z0-9._:@-]{1,200}"), "workerId",
                "must be 1 to 200 letters, digits or . _ : @ -", id);
        Require.nonNull("host", host);
        Require.nonNull("startedAt", startedAt);
        Require.nonNull("version", version);
    }

    /** This process: the id from the environment (or a generated one), host name and pid. */
    public static WorkerIdentity ofThisProcess(Map<String, String> env, Instant now, String version) {
        String host = hostName();
        long pid = ProcessHandle.current().pid();
        String id = env.get(ID_ENV);
        if (id == null || id.isBlank()) {
            id = host + "-" + pid + "-" + UUID.randomUUID().toString().substring(0, 6);
        }
        return new WorkerIdentity(id, host, pid, now, version);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
