-- A live worker that holds no task gives back whatever is in its own processing list: an item
-- whose BLMOVE, claim or start reply was lost, or anything left by an earlier run under its id.
-- KEYS[1] processing list, KEYS[2] worker hash, KEYS[3] queue list
-- ARGV[1] key prefix, ARGV[2] worker id
-- Returns how many items went back to the front of the queue (0 almost always).
local prefix, worker = ARGV[1], ARGV[2]
local moved = give_back(prefix, worker, KEYS[1], KEYS[3])
-- It holds nothing now: whatever its count said (a start whose reply was lost counted one).
local held = tonumber(redis.call('HGET', KEYS[2], 'held')) or 0
held_by(prefix, worker, -held)
return moved
