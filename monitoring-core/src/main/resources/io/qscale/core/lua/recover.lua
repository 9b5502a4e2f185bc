-- Gives the tasks of dead workers back. Atomic, so any number of processes may run it at once.
-- KEYS[1] workers zset, KEYS[2] queue list, KEYS[3] dead-letter list, KEYS[4] drain set
-- ARGV[1] key prefix, ARGV[2] dead after ms, ARGV[3] max attempts, ARGV[4] most workers per call,
-- ARGV[5] bucket s, ARGV[6] ttl s
-- Returns {workers recovered, tasks requeued, tasks dead-lettered}.
local prefix = ARGV[1]
local dead_after, max_attempts, limit = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local bucket_s, ttl_s = tonumber(ARGV[5]), tonumber(ARGV[6])
local now = now_ms()
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - dead_after), 'LIMIT', 0, limit)
local requeued, dead = 0, 0
for _, id in ipairs(ids) do
  local processing = prefix .. 'processing:' .. id
  local raw = redis.call('RPOP', processing)
  while raw do
    local kind, t = decode(raw)
    if kind == 'envelope' then
      redis.call('ZREM', prefix .. 'running', running_member(id, t.id))
    end
    if kind == 'malformed' then
      dead_letter(KEYS[3], raw, 'malformed task: ' .. t, id, now)
      dead = dead + 1
    else
      if kind == 'raw' then
        t = wrap(raw, now, id)
      end
      if t.attempts >= max_attempts then
        t.lastError = 'worker ' .. id .. ' died while processing it'
        dead_letter(KEYS[3], t, 'worker ' .. id .. ' died while processing it (attempt '
          .. t.attempts .. ' of ' .. max_attempts .. ')', id, now)
        dead = dead + 1
      else
        t.lastError = 'worker ' .. id .. ' died while processing it'
        -- The front of the queue: it had already waited its turn.
        redis.call('RPUSH', KEYS[2], cjson.encode(t))
        requeued = requeued + 1
      end
    end
    raw = redis.call('RPOP', processing)
  end
  forget_worker(prefix, id)
end
if requeued > 0 then
  bump(prefix, now, bucket_s, ttl_s, 'r', requeued)
end
if dead > 0 then
  bump(prefix, now, bucket_s, ttl_s, 'd', dead)
end
return {#ids, requeued, dead}
