-- Gives a started task back unfinished (worker shutting down past its grace time).
-- KEYS[1] processing list, KEYS[2] worker hash, KEYS[3] queue list
-- ARGV[1] envelope as started
-- Returns 1, or 0 when it was no longer in the processing list. The attempt still counts, so a
-- task that always outlives the grace time ends in the dead-letter list instead of looping.
if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 0 then
  return 0
end
-- The front of the queue (the claiming end): it already waited its turn.
redis.call('RPUSH', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[2], 'state', 'idle', 'task', '', 'taskStartedAt', 0)
return 1
