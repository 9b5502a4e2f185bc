-- The whole metrics snapshot in one round trip, whatever the number of workers.
-- KEYS[1] queue list, KEYS[2] workers zset, KEYS[3] dead-letter list, KEYS[4] drain set
-- ARGV[1] key prefix, ARGV[2] dead after ms, ARGV[3] window seconds, ARGV[4] bucket seconds
-- Returns {now, queue length, oldest enqueuedAt or -1, registered, active, busy, draining,
--          in flight, orphaned, dead letters, {bucket start, field, value, ...}, ...}.
local prefix = ARGV[1]
local dead_after, window_s, bucket_s = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local now = now_ms()
local queue_len = redis.call('LLEN', KEYS[1])
local oldest = -1
if queue_len > 0 then
  local item = redis.call('LINDEX', KEYS[1], -1)
  local kind, t = decode(item)
  if kind == 'envelope' and t.enqueuedAt ~= nil then
    oldest = t.enqueuedAt
  end
end
local members = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
local alive_since = now - dead_after
local registered, active, busy, in_flight, orphaned = 0, 0, 0, 0, 0
for i = 1, #members, 2 do
  registered = registered + 1
  local held = redis.call('LLEN', prefix .. 'processing:' .. members[i])
  in_flight = in_flight + held
  if tonumber(members[i + 1]) >= alive_since then
    active = active + 1
    if held > 0 then
      busy = busy + 1
    end
  else
    orphaned = orphaned + held
  end
end
local draining = redis.call('SCARD', KEYS[4])
local dead_letters = redis.call('LLEN', KEYS[3])
local result = {now, queue_len, oldest, registered, active, busy, draining, in_flight, orphaned, dead_letters}
local current = math.floor(now / 1000 / bucket_s) * bucket_s
for start = current, current - window_s, -bucket_s do
  local fields = redis.call('HGETALL', prefix .. 'stats:' .. start)
  if #fields > 0 then
    local bucket = {start}
    for j = 1, #fields do
      bucket[#bucket + 1] = fields[j]
    end
    result[#result + 1] = bucket
  end
end
return result
