-- Gives the lease up, only if this manager holds it (compare-and-delete).
-- KEYS[1] leader key; ARGV[1] manager id. Returns 1 if released.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
