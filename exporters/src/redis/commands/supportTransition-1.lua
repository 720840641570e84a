--[[
  A support grant's state change, checked and applied in one step (so a revoke racing an
  activation or an approval leaves exactly one of them done).

  Input:
    KEYS[1] the grant hash

    ARGV[1] the states it may leave, comma-wrapped (",pending,approved,")
    ARGV[2] the tenant it must belong to ('' for any)
    ARGV[3] now (ms): an approved or active grant whose expiresAt is not after it counts as expired
    ARGV[4] the new state
    ARGV[5...] field, value pairs set with it

  Output:
    {'ok'} when applied, else {'not_found'}, {'other_tenant'} or {'state', <its current state>}
]]
if redis.call('EXISTS', KEYS[1]) == 0 then return {'not_found'} end
local current = redis.call('HMGET', KEYS[1], 'state', 'tenant', 'expiresAt')
local state, tenant, expiresAt = current[1], current[2], current[3]
if ARGV[2] ~= '' and tenant ~= ARGV[2] then return {'other_tenant'} end
if (state == 'approved' or state == 'active') and expiresAt and tonumber(expiresAt) <= tonumber(ARGV[3]) then
  state = 'expired'
end
if not string.find(ARGV[1], ',' .. state .. ',', 1, true) then return {'state', state} end
local set = {'state', ARGV[4]}
for i = 5, #ARGV do set[#set + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(set))
return {'ok'}
