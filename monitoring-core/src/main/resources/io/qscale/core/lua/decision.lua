-- Appends one decision to the capped decision stream, folding a run of like decisions into one
-- entry: when the newest entry has the same fold key, it is replaced by the new decision, which
-- carries the run's length and first time. An empty fold key never folds (changes, failures).
-- KEYS[1] decision stream
-- ARGV[1] decision JSON; ARGV[2] fold key ('' never folds); ARGV[3] the decision's time (epoch ms);
-- ARGV[4] the stream's approximate maximum length
-- Returns {the run's length (1 for a new entry), the run's first time (epoch ms)}.
local repeats, since = 1, ARGV[3]
if ARGV[2] ~= '' then
  local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
  if newest then
    local fields = {}
    for i = 1, #newest[2], 2 do
      fields[newest[2][i]] = newest[2][i + 1]
    end
    if fields['fold'] == ARGV[2] then
      repeats = (tonumber(fields['repeats']) or 1) + 1
      since = fields['since'] or since
      redis.call('XDEL', KEYS[1], newest[1])
    end
  end
end
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', 'decision', ARGV[1], 'fold', ARGV[2],
  'repeats', repeats, 'since', since)
return {repeats, tonumber(since)}
