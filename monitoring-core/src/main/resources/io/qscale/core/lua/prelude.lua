-- Shared by every qscale script (prepended when the script is loaded).
-- All times are the Redis server's clock, in milliseconds since the epoch.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Adds `by` to `field` of the statistics bucket that holds `now`; the bucket expires by itself.
local function bump(prefix, now, bucket_s, ttl_s, field, by)
  local start = math.floor(now / 1000 / bucket_s) * bucket_s
  local key = prefix .. 'stats:' .. start
  redis.call('HINCRBY', key, field, by)
  redis.call('EXPIRE', key, ttl_s)
end

-- Counts one finished attempt (`field` c or f) and its processing time (count, sum and a
-- log-scale histogram bin 10 % wide) in the bucket that holds `now`: one EXPIRE for all four.
local function record_finish(prefix, now, bucket_s, ttl_s, field, ms)
  ms = math.max(0, math.floor(ms))
  local bin = 0
  if ms >= 1 then
    bin = 1 + math.floor(math.log(ms) / math.log(1.1))
  end
  local key = prefix .. 'stats:' .. (math.floor(now / 1000 / bucket_s) * bucket_s)
  redis.call('HINCRBY', key, field, 1)
  redis.call('HINCRBY', key, 'n', 1)
  redis.call('HINCRBY', key, 's', ms)
  redis.call('HINCRBY', key, 'h' .. bin, 1)
  redis.call('EXPIRE', key, ttl_s)
end

-- The queue's counters (P..'counts'), kept by every script that changes what they count, so that
-- a snapshot reads them instead of visiting every worker: slots (of registered workers), held
-- (started tasks in processing lists), busy (workers holding at least one), cpuSum and cpuCount.
-- Changes worker W's held count by `by` and the queue's held and busy counters with it.
local function held_by(prefix, worker, by)
  if by == 0 then
    return
  end
  local held = redis.call('HINCRBY', prefix .. 'worker:' .. worker, 'held', by)
  redis.call('HINCRBY', prefix .. 'counts', 'held', by)
  local before = held - by
  if before <= 0 and held > 0 then
    redis.call('HINCRBY', prefix .. 'counts', 'busy', 1)
  elseif before > 0 and held <= 0 then
    redis.call('HINCRBY', prefix .. 'counts', 'busy', -1)
  end
end

-- The member of P..'running' (a ZSET scored by start time) for a task a worker runs.
local function running_member(worker, id)
  return worker .. ' ' .. id
end

-- Puts back in the registry a worker that recovery removed while it was claiming (its next
-- heartbeat refreshes the score and the rest of its entry): one slot until it says otherwise.
local function reregister(prefix, worker, now)
  if redis.call('ZADD', prefix .. 'workers', 'NX', now, worker) == 1
      and redis.call('HSETNX', prefix .. 'worker:' .. worker, 'slots', 1) == 1 then
    redis.call('HINCRBY', prefix .. 'counts', 'slots', 1)
  end
end

-- Takes a worker out of every count and index; the caller has emptied its processing list.
local function forget_worker(prefix, worker)
  local key = prefix .. 'worker:' .. worker
  local f = redis.call('HMGET', key, 'slots', 'held', 'cpu')
  local slots, held, cpu = tonumber(f[1]) or 0, tonumber(f[2]) or 0, tonumber(f[3])
  local counts = prefix .. 'counts'
  if slots ~= 0 then redis.call('HINCRBY', counts, 'slots', -slots) end
  if held ~= 0 then
    redis.call('HINCRBY', counts, 'held', -held)
    if held > 0 then redis.call('HINCRBY', counts, 'busy', -1) end
  end
  if cpu ~= nil then
    -- (never -0: Redis does not read it as an integer)
    if cpu ~= 0 then redis.call('HINCRBY', counts, 'cpuSum', 0 - cpu) end
    redis.call('HINCRBY', counts, 'cpuCount', -1)
    redis.call('ZREM', prefix .. 'cpu', worker)
  end
  redis.call('DEL', key)
  redis.call('ZREM', prefix .. 'workers', worker)
  redis.call('SREM', prefix .. 'drain', worker)
end

-- Classifies a queue item: ('envelope', table), ('raw', nil) for a foreign item that is not JSON,
-- or ('malformed', reason) for an item that starts like JSON but is not a valid envelope.
local function decode(raw)
  if string.match(raw, '^%s*{') == nil then
    return 'raw', nil
  end
  local ok, t = pcall(cjson.decode, raw)
  if not ok or type(t) ~= 'table' then
    return 'malformed', 'not valid JSON'
  end
  if type(t.id) ~= 'string' or t.id == '' then
    return 'malformed', 'field id must be a non-empty string'
  end
  if type(t.type) ~= 'string' or t.type == '' then
    return 'malformed', 'field type must be a non-empty string'
  end
  if t.attempts == nil then
    t.attempts = 0
  elseif type(t.attempts) ~= 'number' or t.attempts < 0 or t.attempts ~= math.floor(t.attempts)
      or t.attempts > 1000000 then
    return 'malformed', 'field attempts must be a whole number from 0 to 1000000'
  end
  if t.enqueuedAt ~= nil and (type(t.enqueuedAt) ~= 'number' or t.enqueuedAt ~= t.enqueuedAt
      or math.abs(t.enqueuedAt) > 9007199254740991) then
    return 'malformed', 'field enqueuedAt must be a number of epoch milliseconds'
  end
  return 'envelope', t
end

-- Wraps a foreign item into an envelope of type "raw" whose payload is the item itself.
local function wrap(raw, now, salt)
  return {
    id = 'raw-' .. string.sub(redis.sha1hex(raw .. '|' .. now .. '|' .. salt), 1, 16),
    type = 'raw',
    payload = raw,
    enqueuedAt = now,
    attempts = 0
  }
end

local function dead_letter(dead_key, task, reason, worker, now)
  redis.call('LPUSH', dead_key, cjson.encode({task = task, reason = reason, worker = worker, failedAt = now}))
end

-- Turns a raw queue item into a started envelope for `worker`: ('ok', envelope json, id) or
-- ('dead', reason) for a malformed item, which goes to the dead-letter list. Counts the arrival
-- of a foreign item (its producer did not).
local function begin(prefix, raw, worker, now, bucket_s, ttl_s)
  local kind, t = decode(raw)
  if kind == 'malformed' then
    dead_letter(prefix .. 'dead', raw, 'malformed task: ' .. t, worker, now)
    bump(prefix, now, bucket_s, ttl_s, 'd', 1)
    return 'dead', 'malformed task: ' .. t
  end
  if kind == 'raw' then
    t = wrap(raw, now, worker)
    bump(prefix, now, bucket_s, ttl_s, 'a', 1)
  end
  t.attempts = t.attempts + 1
  return 'ok', cjson.encode(t), t.id
end

-- Takes the next task off the queue into worker W's processing list, started: returns
-- (envelope, id), or nil when the queue is empty. Malformed items met on the way go to the
-- dead-letter list (at most `limit` of them per call; then nil as if empty, and the caller
-- claims again). Does not change W's held count: the caller does.
local function take_next(prefix, worker, now, bucket_s, ttl_s, limit)
  for _ = 1, limit do
    local raw = redis.call('RPOP', prefix .. 'queue')
    if not raw then
      return nil
    end
    local kind, envelope, id = begin(prefix, raw, worker, now, bucket_s, ttl_s)
    if kind == 'ok' then
      redis.call('LPUSH', prefix .. 'processing:' .. worker, envelope)
      redis.call('ZADD', prefix .. 'running', now, running_member(worker, id))
      return envelope, id
    end
  end
  return nil
end

-- The id of an item of a processing list, when it has one (for its P..'running' entry).
local function item_id(raw)
  local kind, t = decode(raw)
  if kind == 'envelope' then
    return t.id
  end
  return nil
end

-- Moves everything in worker W's processing list back to the front of the queue (the claiming
-- end: it had already waited its turn), dropping the tasks' `running` entries; returns how many.
local function give_back(prefix, worker, processing, queue)
  local moved = 0
  local raw = redis.call('RPOP', processing)
  while raw do
    local id = item_id(raw)
    if id then
      redis.call('ZREM', prefix .. 'running', running_member(worker, id))
    end
    redis.call('RPUSH', queue, raw)
    moved = moved + 1
    raw = redis.call('RPOP', processing)
  end
  return moved
end
