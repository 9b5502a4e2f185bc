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

-- Records one processing time: count, sum and a log-scale histogram bin (10 % wide).
local function record_time(prefix, now, bucket_s, ttl_s, ms)
  ms = math.max(0, math.floor(ms))
  local bin = 0
  if ms >= 1 then
    bin = 1 + math.floor(math.log(ms) / math.log(1.1))
  end
  bump(prefix, now, bucket_s, ttl_s, 'n', 1)
  bump(prefix, now, bucket_s, ttl_s, 's', ms)
  bump(prefix, now, bucket_s, ttl_s, 'h' .. bin, 1)
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
