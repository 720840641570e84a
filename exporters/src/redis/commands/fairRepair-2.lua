--[[
  Recounts an isolated queue's pending jobs per tenant from the queue itself and rewrites
  its fair hash, atomically: every job in wait, paused, active, prioritized, delayed,
  waiting-children or failed (not yet moved to the DLQ) that is not marked `fairReleased`.
  Repairs what no release can: an enqueue cut short between its count and its add, jobs
  removed by hand, counts left by older versions. O(pending jobs): one HMGET and one JSON
  decode per job (see the fair-repair benchmark for its cost in Redis).

  Input:
    KEYS[1] fair hash of the queue (~fair:<queue>)
    KEYS[2] the queue's key prefix `<prefix>:<queue>:` (its lists and job hashes)

  Output:
    {pending jobs counted, drift: sum over tenants of |old count - recount|}
]]
--- @include "tenantOf"

local queueBase, counts, pending = KEYS[2], {}, 0
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
for _, list in ipairs({'wait', 'paused', 'active'}) do count(redis.call('LRANGE', queueBase .. list, 0, -1)) end
for _, set in ipairs({'prioritized', 'delayed', 'waiting-children', 'failed'}) do count(redis.call('ZRANGE', queueBase .. set, 0, -1)) end

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
