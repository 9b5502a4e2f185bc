-- A live worker that holds no task gives back whatever is in its own processing list: an item
-- whose BLMOVE (or start) reply was lost, or anything left by an earlier run under its id.
-- KEYS[1] processing list, KEYS[2] worker hash, KEYS[3] queue list
-- Returns how many items went back to the front of the queue (0 almost always).
local moved = 0
while redis.call('LMOVE', KEYS[1], KEYS[3], 'RIGHT', 'RIGHT') do
  moved = moved + 1
end
if moved > 0 and redis.call('EXISTS', KEYS[2]) == 1 then
  redis.call('HSET', KEYS[2], 'state', 'idle', 'task', '', 'taskStartedAt', 0)
end
return moved
