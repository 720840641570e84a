--[[
  Deletes DLQ entries with their job and its logs, atomically per entry.

  Input:
    KEYS[1] DLQ index of every entry (~dlq:all)
    KEYS[2] key prefix `<prefix>:`: each member's job hash and indexes depend on the member

    ARGV[1..n] members `queue:jobId`

  Output:
    number of entries deleted (members not in the DLQ are skipped)
]]
--- @include "splitRef"
--- @include "dlqUnindex"

local base, done = KEYS[2], 0
for i = 1, #ARGV do
  local m = ARGV[i]
  if redis.call('ZREM', KEYS[1], m) == 1 then
    local q = splitRef(m)
    local jobKey = base .. m
    local f = redis.call('HMGET', jobKey, 'name', 'dlqTenant')
    dlqUnindex(base, m, q, f[1], f[2])
    redis.call('DEL', jobKey, jobKey .. ':logs')
    done = done + 1
  end
end
return done
