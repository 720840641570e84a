--[[
  Walks an index (zset of `queue:jobId`, newest first) from a cursor and returns the members
  matching the filters, examining at most a budget of members (a bounded page).

  Input:
    KEYS[1] the index (~runs or a ~dlq:* index)
    KEYS[2] key prefix `<prefix>:`: each member's job hash and queue sets depend on the member

    ARGV[1] cursor member ('' from the top): the scan resumes strictly after (score, member)
    ARGV[2] cursor score (the position holds whether or not the member is still there)
    ARGV[3] from: lowest score (ms) or ''
    ARGV[4] to: highest score (ms) or ''
    ARGV[5] limit: members returned at most
    ARGV[6] budget: members examined at most
    ARGV[7] mode: 'dlq' (DLQ entries) or 'runs'
    ARGV[8] queue filter or ''
    ARGV[9] job type filter or ''
    ARGV[10] tenant filter or ''
    ARGV[11] run state filter or '' (runs mode)
    ARGV[12] lower-case substring of the error or '' (the DLQ's error; a run's last failedReason)

  Output:
    {members, their states, last member examined ('' when the index is exhausted), its score}
]]
--- @include "splitRef"
--- @include "tenantOf"
--- @include "runState"
--- @include "revRankAfter"

local key, base = KEYS[1], KEYS[2]
local pos = 0
if ARGV[1] ~= '' then
  pos = revRankAfter(key, ARGV[2], ARGV[1])
elseif ARGV[4] ~= '' then
  pos = redis.call('ZCOUNT', key, '(' .. ARGV[4], '+inf')
end
local from = tonumber(ARGV[3])
local limit, budget, mode = tonumber(ARGV[5]), tonumber(ARGV[6]), ARGV[7]
local fq, ft, ftn, fst, ferr = ARGV[8], ARGV[9], ARGV[10], ARGV[11], ARGV[12]

local out, states = {}, {}
local last, lastScore = '', ''
local scanned, exhausted = 0, false
while #out < limit and scanned < budget and not exhausted do
  local chunk = redis.call('ZREVRANGE', key, pos, pos + 199, 'WITHSCORES')
  if #chunk == 0 then exhausted = true end
  for i = 1, #chunk, 2 do
    local m, s = chunk[i], chunk[i + 1]
    if from and tonumber(s) < from then exhausted = true break end
    scanned, pos, last, lastScore = scanned + 1, pos + 1, m, s
    local q, id = splitRef(m)
    local jobKey = base .. m
    local ok = fq == '' or fq == q
    if ok then
      if mode == 'dlq' then
        local f = redis.call('HMGET', jobKey, 'name', 'dlqTenant', 'failedReason')
        if not f[1] or (ft ~= '' and f[1] ~= ft) or (ftn ~= '' and f[2] ~= ftn) then ok = false
        elseif ferr ~= '' and not string.find(string.lower(f[3] or ''), ferr, 1, true) then ok = false
        else states[#states + 1] = 'dead_lettered' end
      else
        -- the payload is decoded only when filtering by tenant
        local f = redis.call('HMGET', jobKey, 'name', 'dlq', ftn ~= '' and 'data' or 'name', 'failedReason')
        if not f[1] or (ft ~= '' and f[1] ~= ft) then ok = false
        elseif ftn ~= '' and tenantOf(f[3]) ~= ftn then ok = false
        elseif ferr ~= '' and not string.find(string.lower(f[4] or ''), ferr, 1, true) then ok = false end
        if ok then
          local st = runState(base .. q .. ':', id, f[2])
          if fst ~= '' and st ~= fst then ok = false else states[#states + 1] = st end
        end
      end
    end
    if ok then out[#out + 1] = m end
    if #out >= limit or scanned >= budget then break end
  end
end
if exhausted then last = '' end
return {out, states, last, lastScore}
