/**
 * API. The one Redis client factory: {@code RedisEndpoint} (URI parsing, secrets masked),
 * {@code RedisSession} (Lettuce, fail fast while Redis is down) and {@code LuaScript}.
 */
package io.qscale.core.redis;
