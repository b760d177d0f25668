-- One decision for every Global limit a request meets: GCRA per counter, all or nothing, on
-- Redis's own clock so the data planes' clocks never matter.
-- KEYS[i]: a counter holding its theoretical arrival time (TAT, microseconds of Redis TIME)
-- ARGV[2i-1]: emission interval = period / requests (us); ARGV[2i]: tolerance = capacity * interval (us)
-- Returns {admitted (1/0), then for each key: remaining, reset_us (until full), retry_us (0 unless it refused)}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local n = #KEYS
local tats, nexts = {}, {}
local admitted = 1
for i = 1, n do
  local interval = tonumber(ARGV[2 * i - 1])
  local tolerance = tonumber(ARGV[2 * i])
  local tat = tonumber(redis.call('GET', KEYS[i])) or now
  if tat < now then tat = now end
  tats[i] = tat
  nexts[i] = tat + interval
  if nexts[i] - now > tolerance then admitted = 0 end
end
local out = {admitted}
for i = 1, n do
  local interval = tonumber(ARGV[2 * i - 1])
  local tolerance = tonumber(ARGV[2 * i])
  local used, retry = tats[i] - now, 0
  if admitted == 1 then
    used = nexts[i] - now
    -- the counter vanishes exactly when its bucket is full again
    redis.call('SET', KEYS[i], string.format('%.0f', nexts[i]), 'PX', math.ceil(used / 1000) + 1)
  elseif nexts[i] - now > tolerance then
    retry = nexts[i] - now - tolerance
  end
  local remaining = math.floor((tolerance - used) / interval)
  if remaining < 0 or retry > 0 then remaining = 0 end
  out[#out + 1] = remaining
  out[#out + 1] = used
  out[#out + 1] = retry
end
return out
