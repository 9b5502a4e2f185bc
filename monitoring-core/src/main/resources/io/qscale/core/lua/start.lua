-- Runs right after a worker's BLMOVE moved `raw` from the queue into its processing list.
-- KEYS[1] processing list, KEYS[2] worker hash, KEYS[3] workers zset, KEYS[4] dead-letter list
-- ARGV[1] key prefix, ARGV[2] raw item, ARGV[3] worker id, ARGV[4] bucket s, ARGV[5] ttl s
-- Returns {'ok', envelope, now} with attempts + 1, or {'dead', reason} for a malformed item.
local prefix, raw, worker = ARGV[1], ARGV[2], ARGV[3]
local bucket_s, ttl_s = tonumber(ARGV[4]), tonumber(ARGV[5])
local now = now_ms()
local kind, t = decode(raw)
if kind == 'malformed' then
  redis.call('LREM', KEYS[1], 1, raw)
  dead_letter(KEYS[4], raw, 'malformed task: ' .. t, worker, now)
  bump(prefix, now, bucket_s, ttl_s, 'd', 1)
  return {'dead', 'malformed task: ' .. t}
end
if kind == 'raw' then
  t = wrap(raw, now, worker)
  -- A foreign producer did not count its push: count the arrival when the item is first seen.
  bump(prefix, now, bucket_s, ttl_s, 'a', 1)
end
t.attempts = t.attempts + 1
local envelope = cjson.encode(t)
if redis.call('LREM', KEYS[1], 1, raw) == 0 then
  return {'gone', 'the item left the processing list before it was started'}
end
redis.call('LPUSH', KEYS[1], envelope)
redis.call('HSET', KEYS[2], 'state', 'busy', 'task', t.id, 'taskStartedAt', now)
redis.call('ZADD', KEYS[3], now, worker)
return {'ok', envelope, now}
