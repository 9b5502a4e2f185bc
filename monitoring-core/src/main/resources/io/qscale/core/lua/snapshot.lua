-- The whole metrics snapshot in one round trip.
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
local members = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
local alive_since = now - dead_after
local registered, active, busy, in_flight, orphaned = 0, 0, 0, 0, 0
local oldest_running = -1
local cpu_reporting, cpu_sum, cpu_max = 0, 0, 0
for i = 1, #members, 2 do
  registered = registered + 1
  local id = members[i]
  local held = redis.call('LLEN', prefix .. 'processing:' .. id)
  in_flight = in_flight + held
  if tonumber(members[i + 1]) >= alive_since then
    active = active + 1
    local fields = redis.call('HMGET', prefix .. 'worker:' .. id, 'cpu', 'taskStartedAt')
    local cpu = tonumber(fields[1])
    if cpu ~= nil then
      cpu_reporting = cpu_reporting + 1
      cpu_sum = cpu_sum + cpu
      if cpu > cpu_max then cpu_max = cpu end
    end
    if held > 0 then
      busy = busy + 1
      local started = tonumber(fields[2])
      if started ~= nil and (oldest_running < 0 or started < oldest_running) then
        oldest_running = started
      end
    end
  else
    orphaned = orphaned + held
  end
end
local figures = {
  'now', now, 'queueLength', queue_len, 'oldestEnqueuedAt', oldest,
  'registered', registered, 'active', active, 'busy', busy, 'draining', redis.call('SCARD', KEYS[4]),
  'inFlight', in_flight, 'orphaned', orphaned, 'deadLetters', redis.call('LLEN', KEYS[3]),
  'oldestRunningStartedAt', oldest_running,
  'cpuReporting', cpu_reporting, 'cpuSumMilli', cpu_sum, 'cpuMaxMilli', cpu_max}
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
