-- Runs right after a worker's BLMOVE moved `raw` from the queue into its processing list.
-- KEYS[1] processing list, KEYS[2] worker hash, KEYS[3] workers zset, KEYS[4] dead-letter list
-- ARGV[1] key prefix, ARGV[2] raw item, ARGV[3] worker id, ARGV[4] bucket s, ARGV[5] ttl s
-- Returns {'ok', envelope, now} with attempts + 1, {'dead', reason} for a malformed item, or
-- {'gone', reason} when the item is no longer in the processing list.
local prefix, raw, worker = ARGV[1], ARGV[2], ARGV[3]
local bucket_s, ttl_s = tonumber(ARGV[4]), tonumber(ARGV[5])
local now = now_ms()
if redis.call('LREM', KEYS[1], 1, raw) == 0 then
  return {'gone', 'the item left the processing list before it was started'}
end
local kind, envelope, id = begin(prefix, raw, worker, now, bucket_s, ttl_s)
if kind ~= 'ok' then
  return {'dead', envelope}
end
redis.call('LPUSH', KEYS[1], envelope)
-- A worker removed by recovery while it waited comes back (its heartbeat refreshes the score).
reregister(prefix, worker, now)
held_by(prefix, worker, 1)
redis.call('ZADD', prefix .. 'running', now, running_member(worker, id))
return {'ok', envelope, now}
