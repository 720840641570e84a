--[[
  One run's job hash and state in one step (the state as the runs scan computes it).

  Input:
    KEYS[1] job hash
    KEYS[2] the queue's key prefix `<prefix>:<queue>:` (the state reads its sets and the job lock)

    ARGV[1] job id

  Output:
    false when the job is gone (or the key is not a job hash: an id naming one of BullMQ's own
    keys of the queue), else {state, field1, value1, field2, value2...}
]]
--- @include "runState"

if redis.call('TYPE', KEYS[1]).ok ~= 'hash' then return false end
local hash = redis.call('HGETALL', KEYS[1])
local dlq, named = false, false
for i = 1, #hash, 2 do
  if hash[i] == 'dlq' then dlq = true elseif hash[i] == 'name' then named = true end
end
if not named then return false end
local out = {runState(KEYS[2], ARGV[1], dlq)}
for _, v in ipairs(hash) do out[#out + 1] = v end
return out
