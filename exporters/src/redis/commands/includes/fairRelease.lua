--[[
  A tenant's job on an isolated queue no longer pends: one less in the fair hash, and the
  field goes at zero so the hash only holds tenants with pending jobs.
]]
local function fairRelease(fairKey, tenant)
  if redis.call('HINCRBY', fairKey, tenant, -1) <= 0 then redis.call('HDEL', fairKey, tenant) end
end
