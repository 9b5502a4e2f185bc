-- A live worker that holds no task gives back whatever is in its own processing list: an item
-- whose BLMOVE, claim or start reply was lost, or anything left by an earlier run under its id.
-- KEYS[1] processing list, KEYS[2] worker hash, KEYS[3] queue list
-- ARGV[1] key prefix, ARGV[2] worker id
-- Returns how many items went back to the front of the queue (0 almost always).
local prefix, worker = ARGV[1], ARGV[2]
local moved = 0
local raw = redis.call('RPOP', KEYS[1])
while raw do
  local id = item_id(raw)
  if id then
    redis.call('ZREM', prefix .. 'running', running_member(worker, id))
  end
  redis.call('RPUSH', KEYS[3], raw)
  moved = moved + 1
  raw = redis.call('RPOP', KEYS[1])
end
-- It holds nothing now: whatever its count said (a start whose reply was lost counted one).
local held = tonumber(redis.call('HGET', KEYS[2], 'held')) or 0
held_by(prefix, worker, -held)
return moved
