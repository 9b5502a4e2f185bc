package io.qscale.core.protocol;

import io.lettuce.core.api.sync.RedisScriptingCommands;
import io.qscale.core.redis.LuaScript;
import java.util.List;

/** The protocol's Lua scripts, loaded once. Thread-safe (immutable). See docs/protocol.md. */
public final class Scripts {

    public static final LuaScript ENQUEUE = LuaScript.load("enqueue");
    public static final LuaScript START = LuaScript.load("start");
    public static final LuaScript CLAIM = LuaScript.load("claim");
    public static final LuaScript ACK = LuaScript.load("ack");
    public static final LuaScript FAIL = LuaScript.load("fail");
    public static final LuaScript RELEASE = LuaScript.load("release");
    public static final LuaScript LEFTOVERS = LuaScript.load("leftovers");
    public static final LuaScript HEARTBEAT = LuaScript.load("heartbeat");
    public static final LuaScript DEREGISTER = LuaScript.load("deregister");
    public static final LuaScript RECOVER = LuaScript.load("recover");
    public static final LuaScript SNAPSHOT = LuaScript.load("snapshot");
    public static final LuaScript LEASE = LuaScript.load("lease");
    public static final LuaScript LEASE_RELEASE = LuaScript.load("lease-release");
    public static final LuaScript DECISION = LuaScript.load("decision");

    private static final List<LuaScript> ALL = List.of(ENQUEUE, START, CLAIM, ACK, FAIL, RELEASE, LEFTOVERS, HEARTBEAT,
            DEREGISTER, RECOVER, SNAPSHOT, LEASE, LEASE_RELEASE, DECISION);

    private Scripts() {
    }

    public static void preloadAll(RedisScriptingCommands<String, String> redis) {
        ALL.forEach(script -> script.preload(redis));
    }
}
