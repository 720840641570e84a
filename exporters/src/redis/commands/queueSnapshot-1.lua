--[[
  Every queue's counts in one call, so a scrape costs one round trip however many queues.

  Input:
    KEYS[1] key prefix `<prefix>:`: the queues are many and their active jobs are read
            from the active lists (BullMQ's getCounts passes its queue prefix the same way)

    ARGV[1..n] per queue: name, then '1' when tenant-isolated else '0'

  Output:
    per queue: {waiting, active, delayed, prioritized, completed, failed, paused (0|1),
    dlq, oldestWaitingTs or '', {tenant, pending...} (isolated queues, else {}),
    {tenant, active...} (tenant 'none' for jobs without one)}
]]
--- @include "tenantOf"

local base, out = KEYS[1], {}
-- active jobs per tenant: the active list is bounded by the workers' concurrency
local function activeByTenant(queueBase)
  local counts, flat = {}, {}
  for _, id in ipairs(redis.call('LRANGE', queueBase .. 'active', 0, -1)) do
    local t = tenantOf(redis.call('HGET', queueBase .. id, 'data')) or 'none'
    counts[t] = (counts[t] or 0) + 1
  end
  for t, n in pairs(counts) do flat[#flat + 1] = t; flat[#flat + 1] = n end
  return flat
end
for i = 1, #ARGV, 2 do
  local q, isolated = ARGV[i], ARGV[i + 1] == '1'
  local queueBase = base .. q .. ':'
  local oldest = redis.call('LINDEX', queueBase .. 'wait', -1)
  if not oldest then oldest = redis.call('ZRANGE', queueBase .. 'prioritized', 0, 0)[1] end
  local oldestTs = oldest and redis.call('HGET', queueBase .. oldest, 'timestamp') or false
  out[#out + 1] = {
    redis.call('LLEN', queueBase .. 'wait'), redis.call('LLEN', queueBase .. 'active'), redis.call('ZCARD', queueBase .. 'delayed'),
    redis.call('ZCARD', queueBase .. 'prioritized'), redis.call('ZCARD', queueBase .. 'completed'), redis.call('ZCARD', queueBase .. 'failed'),
    redis.call('HEXISTS', queueBase .. 'meta', 'paused'), redis.call('ZCARD', base .. '~dlq:q:' .. q),
    oldestTs or '', isolated and redis.call('HGETALL', base .. '~fair:' .. q) or {}, activeByTenant(queueBase),
  }
end
return out
