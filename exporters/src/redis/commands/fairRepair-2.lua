--[[
  Recounts an isolated queue's pending jobs per tenant from the queue itself and rewrites
  its fair hash, atomically: every job in wait, paused, active, prioritized, delayed,
  waiting-children or failed (not yet moved to the DLQ) that is not marked `fairReleased`.
  Repairs what no release can: an enqueue cut short between its count and its add, jobs
  removed by hand, counts left by older versions. O(pending jobs): one HMGET and one JSON
  decode per job, about 10 µs of Redis time per pending job (~190 ms at 20,000), so a queue
  holding more than ARGV[1] such jobs is left alone (the releases keep it exact anyway).

  Input:
    KEYS[1] fair hash of the queue (~fair:<queue>)
    KEYS[2] the queue's key prefix `<prefix>:<queue>:` (its lists and job hashes)

    ARGV[1] most jobs to recount (above it nothing is done)

  Output:
    {pending jobs counted, drift: sum over tenants of |old count - recount|}, or {-1, 0}
    when the queue holds more than ARGV[1] jobs
]]
--- @include "tenantOf"

local queueBase, counts, pending = KEYS[2], {}, 0
local lists, sets = {'wait', 'paused', 'active'}, {'prioritized', 'delayed', 'waiting-children', 'failed'}
local size = 0
for _, list in ipairs(lists) do size = size + redis.call('LLEN', queueBase .. list) end
for _, set in ipairs(sets) do size = size + redis.call('ZCARD', queueBase .. set) end
if size > tonumber(ARGV[1]) then return {-1, 0} end
local function count(ids)
  for _, id in ipairs(ids) do
    local f = redis.call('HMGET', queueBase .. id, 'data', 'fairReleased')
    local tenant = not f[2] and tenantOf(f[1])
    if tenant then
      counts[tenant] = (counts[tenant] or 0) + 1
      pending = pending + 1
    end
  end
end
for _, list in ipairs(lists) do count(redis.call('LRANGE', queueBase .. list, 0, -1)) end
for _, set in ipairs(sets) do count(redis.call('ZRANGE', queueBase .. set, 0, -1)) end

local old, drift = {}, 0
local flat = redis.call('HGETALL', KEYS[1])
for i = 1, #flat, 2 do old[flat[i]] = tonumber(flat[i + 1]) or 0 end
for tenant, n in pairs(old) do drift = drift + math.abs(n - (counts[tenant] or 0)) end
redis.call('DEL', KEYS[1])
for tenant, n in pairs(counts) do
  if not old[tenant] then drift = drift + n end
  redis.call('HSET', KEYS[1], tenant, n)
end
return {pending, drift}
