-- KEYS[1] workers zset, KEYS[2] worker hash, KEYS[3] drain set, KEYS[4] processing list, KEYS[5] queue
-- ARGV[1] worker id, ARGV[2] key prefix
-- Returns how many unfinished tasks went back to the front of the queue (0 after a clean drain).
local worker, prefix = ARGV[1], ARGV[2]
local moved = 0
local raw = redis.call('RPOP', KEYS[4])
while raw do
  local id = item_id(raw)
  if id then
    redis.call('ZREM', prefix .. 'running', running_member(worker, id))
  end
  redis.call('RPUSH', KEYS[5], raw)
  moved = moved + 1
  raw = redis.call('RPOP', KEYS[4])
end
forget_worker(prefix, worker)
return moved
