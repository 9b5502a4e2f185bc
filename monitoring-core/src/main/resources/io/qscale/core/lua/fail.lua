-- KEYS[1] processing list, KEYS[2] worker hash, KEYS[3] queue list, KEYS[4] dead-letter list
-- ARGV[1] key prefix, ARGV[2] envelope as started, ARGV[3] processing ms, ARGV[4] reason,
-- ARGV[5] max attempts, ARGV[6] worker id, ARGV[7] bucket s, ARGV[8] ttl s
-- Returns 'retry' (back on the queue), 'dead' (dead-letter list) or 'gone' (recovered meanwhile).
local prefix, raw, reason, worker = ARGV[1], ARGV[2], ARGV[4], ARGV[6]
local max_attempts, bucket_s, ttl_s = tonumber(ARGV[5]), tonumber(ARGV[7]), tonumber(ARGV[8])
if redis.call('LREM', KEYS[1], 1, raw) == 0 then
  return 'gone'
end
local now = now_ms()
record_finish(prefix, now, bucket_s, ttl_s, 'f', tonumber(ARGV[3]))
redis.call('HINCRBY', KEYS[2], 'failed', 1)
held_by(prefix, worker, -1)
local kind, t = decode(raw)
if kind ~= 'envelope' then
  dead_letter(KEYS[4], raw, reason, worker, now)
  bump(prefix, now, bucket_s, ttl_s, 'd', 1)
  return 'dead'
end
redis.call('ZREM', prefix .. 'running', running_member(worker, t.id))
t.lastError = reason
if t.attempts >= max_attempts then
  dead_letter(KEYS[4], t, reason .. ' (attempt ' .. t.attempts .. ' of ' .. max_attempts .. ')', worker, now)
  bump(prefix, now, bucket_s, ttl_s, 'd', 1)
  return 'dead'
end
-- A retry waits at the back of the line like a new task.
redis.call('LPUSH', KEYS[3], cjson.encode(t))
return 'retry'
