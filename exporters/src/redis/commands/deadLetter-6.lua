--[[
  Moves a job from BullMQ's failed set into the DLQ, atomically: the job is always in
  exactly one place whatever crashes between two calls.

  Input:
    KEYS[1] failed zset of the job's queue
    KEYS[2] job hash
    KEYS[3] DLQ index of every entry (~dlq:all)
    KEYS[4] DLQ index of the job's queue (~dlq:q:<queue>)
    KEYS[5] fair hash of the job's queue (~fair:<queue>)
    KEYS[6] key prefix `<prefix>:`: the type and tenant indexes depend on the job hash

    ARGV[1] job id
    ARGV[2] queue name
    ARGV[3] now (ms), the dead-lettering time and index score
    ARGV[4] '1' when the queue is tenant-isolated (the job leaves its tenant's fair count, once)

  Output:
    1 moved, 0 not in the failed set, -1 job hash gone (dropped from the failed set)
]]
--- @include "tenantOf"
--- @include "fairRelease"

if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
local f = redis.call('HMGET', KEYS[2], 'name', 'data')
if not f[1] then redis.call('ZREM', KEYS[1], ARGV[1]) return -1 end
local tenant = tenantOf(f[2]) or ''
local member = ARGV[2] .. ':' .. ARGV[1]
local now = tonumber(ARGV[3])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], 'dlq', ARGV[3], 'dlqTenant', tenant)
redis.call('ZADD', KEYS[3], now, member)
redis.call('ZADD', KEYS[4], now, member)
redis.call('ZADD', KEYS[6] .. '~dlq:t:' .. f[1], now, member)
if tenant ~= '' then
  redis.call('ZADD', KEYS[6] .. '~dlq:tn:' .. tenant, now, member)
  if ARGV[4] == '1' then fairRelease(KEYS[5], KEYS[2], tenant) end
end
return 1
