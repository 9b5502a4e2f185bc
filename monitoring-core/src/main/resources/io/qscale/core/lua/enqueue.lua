-- KEYS[1] queue list
-- ARGV[1] key prefix, ARGV[2] stats bucket seconds, ARGV[3] stats ttl seconds, ARGV[4..] task envelopes
-- Returns the queue length after the push.
local n = #ARGV - 3
if n <= 0 then
  return redis.call('LLEN', KEYS[1])
end
local len = 0
for i = 4, #ARGV, 1000 do
  len = redis.call('LPUSH', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV)))
end
bump(ARGV[1], now_ms(), tonumber(ARGV[2]), tonumber(ARGV[3]), 'a', n)
return len
