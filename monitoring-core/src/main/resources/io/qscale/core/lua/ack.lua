-- Finishes a task and, when asked, claims the next one in the same call.
-- KEYS[1] processing list, KEYS[2] worker hash, KEYS[3] queue list, KEYS[4] workers zset
-- ARGV[1] key prefix, ARGV[2] envelope as started, ARGV[3] processing ms, ARGV[4] bucket s,
-- ARGV[5] ttl s, ARGV[6] worker id, ARGV[7] '1' to claim the next task, else '0'
-- Returns {1} or {0} (0: the task was no longer in the processing list: recovered meanwhile),
-- followed by the next task's envelope and start time when one was claimed.
local prefix, raw, worker = ARGV[1], ARGV[2], ARGV[6]
local bucket_s, ttl_s = tonumber(ARGV[4]), tonumber(ARGV[5])
local now = now_ms()
local done = 0
local held = 0
if redis.call('LREM', KEYS[1], 1, raw) == 1 then
  done = 1
  held = -1
  record_finish(prefix, now, bucket_s, ttl_s, 'c', tonumber(ARGV[3]))
  redis.call('HINCRBY', KEYS[2], 'processed', 1)
  local id = item_id(raw)
  if id then
    redis.call('ZREM', prefix .. 'running', running_member(worker, id))
  end
end
if ARGV[7] == '1' then
  local envelope = take_next(prefix, worker, now, bucket_s, ttl_s, 100)
  if envelope then
    held_by(prefix, worker, held + 1)
    if done == 0 then
      reregister(prefix, worker, now)
    end
    return {done, envelope, now}
  end
end
held_by(prefix, worker, held)
return {done}
