-- The whole metrics snapshot in one round trip, at a cost that does not grow with the number of
-- workers: the counters kept by the other scripts (P..'counts'), less what the workers whose
-- heartbeat is stale still hold (the stale ones are found by score in the workers zset, which is
-- the index of stale workers; recovery removes them within about one dead-after period).
-- KEYS[1] queue list, KEYS[2] workers zset, KEYS[3] dead-letter list, KEYS[4] drain set
-- ARGV[1] key prefix, ARGV[2] dead after ms, ARGV[3] window seconds, ARGV[4] bucket seconds
-- Returns {{name, value, name, value, ...}, {bucket start, field, value, ...}, ...}: the
-- figures by name (integers; CPU in thousandths), then the statistics buckets of the window.
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
local c = redis.call('HMGET', prefix .. 'counts', 'slots', 'held', 'busy', 'cpuSum', 'cpuCount')
local slots, held, busy = tonumber(c[1]) or 0, tonumber(c[2]) or 0, tonumber(c[3]) or 0
local cpu_sum, cpu_count = tonumber(c[4]) or 0, tonumber(c[5]) or 0
local registered = redis.call('ZCARD', KEYS[2])
local stale = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. (now - dead_after))
local is_stale = {}
local orphaned = 0
for _, id in ipairs(stale) do
  is_stale[id] = true
  local f = redis.call('HMGET', prefix .. 'worker:' .. id, 'slots', 'held', 'cpu')
  local s_held, s_cpu = tonumber(f[2]) or 0, tonumber(f[3])
  slots = slots - (tonumber(f[1]) or 0)
  orphaned = orphaned + s_held
  if s_held > 0 then busy = busy - 1 end
  if s_cpu ~= nil then
    cpu_sum = cpu_sum - s_cpu
    cpu_count = cpu_count - 1
  end
end
-- The largest cpu and the oldest running task of a live worker: the first entries of the two
-- indexes that do not belong to a stale worker (at most #stale or `orphaned` entries are skipped).
local cpu_max = 0
if cpu_count > 0 then
  local top = redis.call('ZREVRANGE', prefix .. 'cpu', 0, #stale, 'WITHSCORES')
  for i = 1, #top, 2 do
    if not is_stale[top[i]] then
      cpu_max = tonumber(top[i + 1])
      break
    end
  end
end
local oldest_running = -1
if held - orphaned > 0 then
  local first = redis.call('ZRANGE', prefix .. 'running', 0, orphaned, 'WITHSCORES')
  for i = 1, #first, 2 do
    local worker = string.match(first[i], '^(%S+) ')
    if worker and not is_stale[worker] then
      oldest_running = tonumber(first[i + 1])
      break
    end
  end
end
local figures = {
  'now', now, 'queueLength', queue_len, 'oldestEnqueuedAt', oldest,
  'registered', registered, 'active', registered - #stale, 'busy', busy, 'draining', redis.call('SCARD', KEYS[4]),
  'slots', slots, 'busySlots', held - orphaned,
  'inFlight', held, 'orphaned', orphaned, 'deadLetters', redis.call('LLEN', KEYS[3]),
  'oldestRunningStartedAt', oldest_running,
  'cpuReporting', cpu_count, 'cpuSumMilli', cpu_sum, 'cpuMaxMilli', cpu_max}
local result = {figures}
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
