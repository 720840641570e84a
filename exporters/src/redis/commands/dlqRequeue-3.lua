--[[
  Puts DLQ entries back into their queues in place, with fresh attempts: one atomic step
  per entry, a whole batch per call. The dead attempts are kept as history. Requeueing
  follows BullMQ 6's own layout (wait list or prioritized zset + marker + "waiting" event),
  which the DLQ tests exercise with real workers.

  Input:
    KEYS[1] DLQ index of every entry (~dlq:all)
    KEYS[2] runs index (~runs)
    KEYS[3] key prefix `<prefix>:`: each member's job, queue keys and indexes depend on the member

    ARGV[1] now (ms)
    ARGV[2] the tenant-isolated queues as ",a,b," (their jobs get a fair priority again)
    ARGV[3] BullMQ's highest priority (MAX_PRIORITY)
    ARGV[4..n] members `queue:jobId`

  Output:
    number of entries requeued (members not in the DLQ, or whose job is gone, are skipped)
]]
--- @include "splitRef"
--- @include "dlqUnindex"

local base, now, isolated, maxPriority, done = KEYS[3], tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), 0
local held = {} -- per queue: paused or at its global concurrency (read once per batch)
for i = 4, #ARGV do
  local m = ARGV[i]
  if redis.call('ZREM', KEYS[1], m) == 1 then
    local q, id = splitRef(m)
    local queueBase = base .. q .. ':'
    local jobKey = queueBase .. id
    local f = redis.call('HMGET', jobKey, 'name', 'dlqTenant', 'dlqRetries', 'priority', 'ats')
    local tenant = f[2] or ''
    dlqUnindex(base, m, q, f[1], tenant)
    if f[1] then
      local gen = (tonumber(f[3]) or 0) + 1
      -- the worker records failed attempt n as field ta:n (n up to ats, the attempts started)
      local attempts, drop = {}, {'dlq', 'dlqTenant', 'finishedOn', 'processedOn', 'failedReason', 'atm', 'ats', 'fairReleased'}
      local names = {}
      for n = 1, tonumber(f[5]) or 0 do names[#names + 1] = 'ta:' .. n end
      if #names > 0 then
        for _, v in ipairs(redis.call('HMGET', jobKey, unpack(names))) do
          if v then attempts[#attempts + 1] = v end
        end
        for _, n in ipairs(names) do drop[#drop + 1] = n end
      end
      redis.call('HDEL', jobKey, unpack(drop))
      redis.call('HSET', jobKey, 'stacktrace', '[]', 'dlqRetries', gen, 'dlqRetriedAt', now,
        'dlqHistory:' .. gen, '[' .. table.concat(attempts, ',') .. ']')
      if held[q] == nil then
        local meta = redis.call('HMGET', queueBase .. 'meta', 'paused', 'concurrency')
        held[q] = (meta[1] or (meta[2] and redis.call('LLEN', queueBase .. 'active') >= tonumber(meta[2]))) and true or false
      end
      local priority = tonumber(f[4]) or 0
      if tenant ~= '' and string.find(isolated, ',' .. q .. ',', 1, true) then
        priority = math.min(redis.call('HINCRBY', base .. '~fair:' .. q, tenant, 1), maxPriority)
        redis.call('HSET', jobKey, 'priority', priority)
      end
      if priority == 0 then
        redis.call('LPUSH', queueBase .. 'wait', id)
      else
        local counter = redis.call('INCR', queueBase .. 'pc')
        redis.call('ZADD', queueBase .. 'prioritized', priority * 0x100000000 + counter % 0x100000000, id)
      end
      redis.call('XADD', queueBase .. 'events', 'MAXLEN', '~', 10000, '*', 'event', 'waiting', 'jobId', id, 'prev', 'failed')
      redis.call('ZADD', KEYS[2], now, m)
      done = done + 1
    end
  end
end
-- wake the queues' workers once per batch
for q, isHeld in pairs(held) do
  if not isHeld then redis.call('ZADD', base .. q .. ':marker', 0, '0') end
end
return done
