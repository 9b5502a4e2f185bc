-- KEYS[1] processing list, KEYS[2] worker hash
-- ARGV[1] key prefix, ARGV[2] envelope as started, ARGV[3] processing ms, ARGV[4] bucket s, ARGV[5] ttl s
-- Returns 1, or 0 when the task was no longer in the processing list (recovered meanwhile).
local prefix, bucket_s, ttl_s = ARGV[1], tonumber(ARGV[4]), tonumber(ARGV[5])
if redis.call('LREM', KEYS[1], 1, ARGV[2]) == 0 then
  return 0
end
local now = now_ms()
bump(prefix, now, bucket_s, ttl_s, 'c', 1)
record_time(prefix, now, bucket_s, ttl_s, tonumber(ARGV[3]))
redis.call('HINCRBY', KEYS[2], 'processed', 1)
redis.call('HSET', KEYS[2], 'state', 'idle', 'task', '', 'taskStartedAt', 0)
return 1
