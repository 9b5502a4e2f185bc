-- KEYS[1] workers zset, KEYS[2] worker hash, KEYS[3] drain set
-- ARGV[1] worker id, ARGV[2] '1' when the worker is draining on its own (SIGTERM), else '0',
-- ARGV[3..] field/value pairs to store in the worker hash (may be none)
-- Returns {drain requested 0/1, now}.
local worker = ARGV[1]
local now = now_ms()
if #ARGV > 2 then
  redis.call('HSET', KEYS[2], unpack(ARGV, 3))
end
redis.call('HSET', KEYS[2], 'lastSeen', now)
redis.call('ZADD', KEYS[1], now, worker)
if ARGV[2] == '1' then
  redis.call('SADD', KEYS[3], worker)
end
local drain = redis.call('SISMEMBER', KEYS[3], worker)
if drain == 1 then
  redis.call('HSET', KEYS[2], 'state', 'draining')
end
return {drain, now}
