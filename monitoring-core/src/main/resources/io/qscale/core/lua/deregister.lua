-- KEYS[1] workers zset, KEYS[2] worker hash, KEYS[3] drain set, KEYS[4] processing list, KEYS[5] queue
-- ARGV[1] worker id, ARGV[2] key prefix
-- Returns how many unfinished tasks went back to the front of the queue (0 after a clean drain).
local worker, prefix = ARGV[1], ARGV[2]
local moved = give_back(prefix, worker, KEYS[4], KEYS[5])
forget_worker(prefix, worker)
return moved
