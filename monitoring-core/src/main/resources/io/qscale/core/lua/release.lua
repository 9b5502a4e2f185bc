-- Gives a started task back unfinished (worker shutting down past its grace time).
-- KEYS[1] processing list, KEYS[2] worker hash, KEYS[3] queue list
-- ARGV[1] envelope as started, ARGV[2] key prefix, ARGV[3] worker id
-- Returns 1, or 0 when it was no longer in the processing list. The attempt still counts, so a
-- task that always outlives the grace time ends in the dead-letter list instead of looping.
local prefix, worker = ARGV[2], ARGV[3]
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then
  return 0
end
-- The front of the queue (the claiming end): it already waited its turn.
redis.call('RPUSH', KEYS[3], ARGV[1])
held_by(prefix, worker, -1)
local id = item_id(ARGV[1])
if id then
  redis.call('ZREM', prefix .. 'running', running_member(worker, id))
end
return 1
