package io.qscale.core.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import io.lettuce.core.api.sync.RedisScriptingCommands;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One of qscale's Lua scripts (the shared prelude plus its body), run by its SHA-1 with EVALSHA
 * and sent whole only when the server does not know it yet. Immutable and thread-safe.
 */
public final class LuaScript {

    private static final String FOLDER = "io/qscale/core/lua/";

    private final String name;
    private final String body;
    private final String sha;

    private LuaScript(String name, String body) {
        this.name = name;
        this.body = body;
        this.sha = sha1(body);
    }

    /** Loads {@code io/qscale/core/lua/NAME.lua} with the prelude in front. */
    public static LuaScript load(String name) {
        return new LuaScript(name, resource("prelude") + "\n" + resource(name));
    }

    private static String resource(String name) {
        try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(FOLDER + name + ".lua")) {
            if (in == null) {
                throw new IllegalStateException("missing script " + FOLDER + name + ".lua");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs the script in one round trip (two the first time a server sees it). */
    public <T> T run(RedisScriptingCommands<String, String> redis, ScriptOutputType type, String[] keys, String... args) {
        try {
            return redis.evalsha(sha, type, keys, args);
        } catch (RedisNoScriptException e) {
            return redis.eval(body, type, keys, args);
        }
    }

    /** Sends the script without waiting; the caller awaits the future (pipelining). */
    public <T> RedisFuture<T> runAsync(RedisScriptingAsyncCommands<String, String> redis, ScriptOutputType type,
            String[] keys, String... args) {
        return redis.evalsha(sha, type, keys, args);
    }

    /** Makes sure the server knows the script, so that later runs are one round trip. */
    public void preload(RedisScriptingCommands<String, String> redis) {
        redis.scriptLoad(body);
    }

    public String name() {
        return name;
    }

    public String sha() {
        return sha;
    }
}
