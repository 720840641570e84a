--[[
  A tenant's job on an isolated queue is done (its handler returned): it stops counting for
  the fair priorities, in the same step as it is marked released, so a crash before or after
  this call leaves the count exact and a second call is a no-op. The tenant is read from the
  job's stored data.

  Input:
    KEYS[1] fair hash of the queue (~fair:<queue>)
    KEYS[2] job hash

  Output:
    1 released now, 0 already released, or the job (or its tenant) is gone
]]
--- @include "tenantOf"
--- @include "fairRelease"

if redis.call('EXISTS', KEYS[2]) == 0 then return 0 end
local tenant = tenantOf(redis.call('HGET', KEYS[2], 'data'))
if not tenant then return 0 end
return fairRelease(KEYS[1], KEYS[2], tenant)
