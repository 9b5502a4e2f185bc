-- Claims the next task without waiting: from the queue into the worker's processing list, started.
-- KEYS[1] queue list, KEYS[2] processing list, KEYS[3] worker hash, KEYS[4] workers zset
-- ARGV[1] key prefix, ARGV[2] worker id, ARGV[3] bucket s, ARGV[4] ttl s
-- Returns {'ok', envelope, now}, or {'empty'} (then wait with BLMOVE + start).
local prefix, worker = ARGV[1], ARGV[2]
local now = now_ms()
local envelope = take_next(prefix, worker, now, tonumber(ARGV[3]), tonumber(ARGV[4]), 100)
if not envelope then
  return {'empty'}
end
reregister(prefix, worker, now)
held_by(prefix, worker, 1)
return {'ok', envelope, now}
