--[[
  A tenant's job on an isolated queue no longer pends: one less in the fair hash, once per
  job. The job hash keeps `fairReleased` so a second release (a handler re-run after a crash,
  the DLQ move of a job already released) changes nothing and the repair pass knows the job
  is counted out; a requeue clears it. The field goes at zero so the hash only holds tenants
  with pending jobs. Returns 1 when this call released the job.
]]
local function fairRelease(fairKey, jobKey, tenant)
  if redis.call('HSETNX', jobKey, 'fairReleased', '1') == 0 then return 0 end
  if redis.call('HINCRBY', fairKey, tenant, -1) <= 0 then redis.call('HDEL', fairKey, tenant) end
  return 1
end
