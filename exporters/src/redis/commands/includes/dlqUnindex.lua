--[[
  Removes a DLQ member from the per-queue, per-type and per-tenant indexes (the caller
  removes it from dlq:all). base is the key prefix `<prefix>:`: which type and tenant
  indexes hold the member is read from its job hash.
]]
local function dlqUnindex(base, member, queue, jobType, tenant)
  redis.call('ZREM', base .. '~dlq:q:' .. queue, member)
  if jobType then redis.call('ZREM', base .. '~dlq:t:' .. jobType, member) end
  if tenant and tenant ~= '' then redis.call('ZREM', base .. '~dlq:tn:' .. tenant, member) end
end
