-- KEYS[1] workers zset, KEYS[2] worker hash, KEYS[3] drain set, KEYS[4] processing list, KEYS[5] queue
-- ARGV[1] worker id
-- Returns how many unfinished tasks went back to the front of the queue (0 after a clean drain).
local moved = 0
while redis.call('LMOVE', KEYS[4], KEYS[5], 'RIGHT', 'RIGHT') do
  moved = moved + 1
end
redis.call('DEL', KEYS[2])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[3], ARGV[1])
return moved
