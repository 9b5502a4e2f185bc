-- KEYS[1] workers zset, KEYS[2] worker hash, KEYS[3] drain set
-- ARGV[1] worker id, ARGV[2] '1' when the worker is draining on its own (SIGTERM), else '0',
-- ARGV[3] key prefix, ARGV[4..] field/value pairs to store in the worker hash (may be none)
-- Returns {drain requested 0/1, now}. Keeps the queue's slots and cpu counters: `slots` (task
-- slots of this worker, 1 when never sent) and `cpu` (thousandths) are counted from here.
local worker, prefix = ARGV[1], ARGV[3]
local now = now_ms()
local old = redis.call('HMGET', KEYS[2], 'slots', 'cpu')
local old_slots, old_cpu = tonumber(old[1]), tonumber(old[2])
local slots, cpu = old_slots or 1, old_cpu
for i = 4, #ARGV - 1, 2 do
  if ARGV[i] == 'slots' then
    slots = math.max(1, math.floor(tonumber(ARGV[i + 1]) or 1))
  elseif ARGV[i] == 'cpu' then
    cpu = tonumber(ARGV[i + 1])
  end
end
if #ARGV > 4 then
  redis.call('HSET', KEYS[2], unpack(ARGV, 4))
end
redis.call('HSET', KEYS[2], 'lastSeen', now, 'slots', slots)
local counts = prefix .. 'counts'
if slots ~= (old_slots or 0) then
  redis.call('HINCRBY', counts, 'slots', slots - (old_slots or 0))
end
if cpu ~= nil then
  cpu = math.floor(cpu)
  redis.call('HSET', KEYS[2], 'cpu', cpu)
  if old_cpu == nil then
    redis.call('HINCRBY', counts, 'cpuCount', 1)
  end
  if cpu ~= (old_cpu or 0) then
    redis.call('HINCRBY', counts, 'cpuSum', cpu - (old_cpu or 0))
  end
  redis.call('ZADD', prefix .. 'cpu', cpu, worker)
end
redis.call('ZADD', KEYS[1], now, worker)
if ARGV[2] == '1' then
  redis.call('SADD', KEYS[3], worker)
end
local drain = redis.call('SISMEMBER', KEYS[3], worker)
if drain == 1 then
  redis.call('HSET', KEYS[2], 'state', 'draining')
end
return {drain, now}
