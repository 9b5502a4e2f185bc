-- The manager's leader lease: acquire it when free, renew it when held (compare-and-expire).
-- KEYS[1] leader key; ARGV[1] manager id; ARGV[2] lease time ms
-- Returns 1 when this manager holds the lease now, else 0.
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if not holder then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
