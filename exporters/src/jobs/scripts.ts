// Lua scripts: each runs atomically in Redis, so a job is always in exactly one
// place (a BullMQ state or the DLQ) whatever crashes between two calls.
import type { Redis } from 'ioredis';

/** failed set -> DLQ. KEYS: failed zset, job hash, dlq:all, dlq:q:<queue>, fair hash. */
const deadLetter = `
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
local f = redis.call('HMGET', KEYS[2], 'name', 'data')
if not f[1] then redis.call('ZREM', KEYS[1], ARGV[1]) return -1 end
local tenant = ''
local ok, d = pcall(cjson.decode, f[2])
if ok and type(d) == 'table' and type(d.c) == 'table' and type(d.c.tenantId) == 'string' then tenant = d.c.tenantId end
local member = ARGV[2] .. ':' .. ARGV[1]
local now = tonumber(ARGV[3])
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], 'dlq', ARGV[3], 'dlqTenant', tenant)
redis.call('ZADD', KEYS[3], now, member)
redis.call('ZADD', KEYS[4], now, member)
redis.call('ZADD', ARGV[4] .. ':~dlq:t:' .. f[1], now, member)
if tenant ~= '' then
  redis.call('ZADD', ARGV[4] .. ':~dlq:tn:' .. tenant, now, member)
  if ARGV[5] == '1' and redis.call('HINCRBY', KEYS[5], tenant, -1) <= 0 then redis.call('HDEL', KEYS[5], tenant) end
end
return 1
`;

/** A tenant's job on an isolated queue is done. KEYS: fair hash. ARGV: tenant. */
const fairDone = `
if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 1
`;

/** Deletes DLQ entries with their job. KEYS: dlq:all. ARGV: prefix, members... */
const dlqDelete = `
local prefix, done = ARGV[1], 0
for i = 2, #ARGV do
  local m = ARGV[i]
  if redis.call('ZREM', KEYS[1], m) == 1 then
    local at = string.find(m, ':', 1, true)
    local q = string.sub(m, 1, at - 1)
    local jobKey = prefix .. ':' .. m
    local f = redis.call('HMGET', jobKey, 'name', 'dlqTenant')
    redis.call('ZREM', prefix .. ':~dlq:q:' .. q, m)
    if f[1] then redis.call('ZREM', prefix .. ':~dlq:t:' .. f[1], m) end
    if f[2] and f[2] ~= '' then redis.call('ZREM', prefix .. ':~dlq:tn:' .. f[2], m) end
    redis.call('DEL', jobKey, jobKey .. ':logs')
    done = done + 1
  end
end
return done
`;

/** Puts DLQ entries back into their queues in place, with fresh attempts: one atomic
 *  step per entry, a whole batch per call. The dead attempts are kept as history.
 *  Requeueing follows BullMQ 6's own layout (wait list or prioritized zset + marker +
 *  "waiting" event), which the DLQ tests exercise with real workers.
 *  KEYS: dlq:all, runs index. ARGV: prefix, now, ",isolated,queues,", members... */
const dlqRequeue = `
local prefix, now, isolated, done = ARGV[1], tonumber(ARGV[2]), ARGV[3], 0
local held = {} -- per queue: paused or at its global concurrency (read once per batch)
for i = 4, #ARGV do
  local m = ARGV[i]
  if redis.call('ZREM', KEYS[1], m) == 1 then
    local at = string.find(m, ':', 1, true)
    local q, id = string.sub(m, 1, at - 1), string.sub(m, at + 1)
    local base = prefix .. ':' .. q .. ':'
    local jobKey = base .. id
    local f = redis.call('HMGET', jobKey, 'name', 'dlqTenant', 'dlqRetries', 'priority', 'ats')
    redis.call('ZREM', prefix .. ':~dlq:q:' .. q, m)
    if f[1] then redis.call('ZREM', prefix .. ':~dlq:t:' .. f[1], m) end
    local tenant = f[2] or ''
    if tenant ~= '' then redis.call('ZREM', prefix .. ':~dlq:tn:' .. tenant, m) end
    if f[1] then
      local gen = (tonumber(f[3]) or 0) + 1
      -- the worker records failed attempt n as field ta:n (n up to ats, the attempts started)
      local attempts, drop = {}, {'dlq', 'dlqTenant', 'finishedOn', 'processedOn', 'failedReason', 'atm', 'ats'}
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
        local meta = redis.call('HMGET', base .. 'meta', 'paused', 'concurrency')
        held[q] = (meta[1] or (meta[2] and redis.call('LLEN', base .. 'active') >= tonumber(meta[2]))) and true or false
      end
      local priority = tonumber(f[4]) or 0
      if tenant ~= '' and string.find(isolated, ',' .. q .. ',', 1, true) then
        priority = math.min(redis.call('HINCRBY', prefix .. ':~fair:' .. q, tenant, 1), 2097151)
        redis.call('HSET', jobKey, 'priority', priority)
      end
      if priority == 0 then
        redis.call('LPUSH', base .. 'wait', id)
      else
        local counter = redis.call('INCR', base .. 'pc')
        redis.call('ZADD', base .. 'prioritized', priority * 0x100000000 + counter % 0x100000000, id)
      end
      redis.call('XADD', base .. 'events', 'MAXLEN', '~', 10000, '*', 'event', 'waiting', 'jobId', id, 'prev', 'failed')
      redis.call('ZADD', KEYS[2], now, m)
      done = done + 1
    end
  end
end
-- wake the queues' workers once per batch
for q, isHeld in pairs(held) do
  if not isHeld then redis.call('ZADD', prefix .. ':' .. q .. ':marker', 0, '0') end
end
return done
`;

/** Every queue's counts in one call (a scrape costs one round trip however many queues).
 *  ARGV: prefix, then per queue: name, isolated (0|1). Returns per queue:
 *  {waiting, active, delayed, prioritized, completed, failed, paused, dlq, oldestWaitingTs,
 *   {tenant, pending...} (isolated queues), {tenant, active...}}. */
const queueSnapshot = `
local prefix, out = ARGV[1], {}
-- active jobs per tenant: the active list is bounded by the workers' concurrency
local function activeByTenant(base)
  local counts, flat = {}, {}
  for _, id in ipairs(redis.call('LRANGE', base .. 'active', 0, -1)) do
    local ok, d = pcall(cjson.decode, redis.call('HGET', base .. id, 'data') or '')
    local t = (ok and type(d) == 'table' and type(d.c) == 'table' and type(d.c.tenantId) == 'string') and d.c.tenantId or 'none'
    counts[t] = (counts[t] or 0) + 1
  end
  for t, n in pairs(counts) do flat[#flat + 1] = t; flat[#flat + 1] = n end
  return flat
end
for i = 2, #ARGV, 2 do
  local q, isolated = ARGV[i], ARGV[i + 1] == '1'
  local base = prefix .. ':' .. q .. ':'
  local oldest = redis.call('LINDEX', base .. 'wait', -1)
  if not oldest then oldest = redis.call('ZRANGE', base .. 'prioritized', 0, 0)[1] end
  local oldestTs = oldest and redis.call('HGET', base .. oldest, 'timestamp') or false
  out[#out + 1] = {
    redis.call('LLEN', base .. 'wait'), redis.call('LLEN', base .. 'active'), redis.call('ZCARD', base .. 'delayed'),
    redis.call('ZCARD', base .. 'prioritized'), redis.call('ZCARD', base .. 'completed'), redis.call('ZCARD', base .. 'failed'),
    redis.call('HEXISTS', base .. 'meta', 'paused'), redis.call('ZCARD', prefix .. ':~dlq:q:' .. q),
    oldestTs or '', isolated and redis.call('HGETALL', prefix .. ':~fair:' .. q) or {}, activeByTenant(base),
  }
end
return out
`;

/** Storefront event counts from a reporter's buffer. KEYS: total, first, last hashes.
 *  ARGV: field, count, firstAt, lastAt quadruples. First only moves back, last only forward. */
const eventsFlush = `
for i = 1, #ARGV, 4 do
  local f, n, first, last = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
  redis.call('HINCRBY', KEYS[1], f, n)
  local prevFirst = tonumber(redis.call('HGET', KEYS[2], f) or '0')
  if prevFirst == 0 or first < prevFirst then redis.call('HSET', KEYS[2], f, first) end
  if last > tonumber(redis.call('HGET', KEYS[3], f) or '0') then redis.call('HSET', KEYS[3], f, last) end
end
return 1
`;

/** Walks an index (zset of \`queue:jobId\`, newest first) from a cursor and returns the
 *  members matching the filters, scanning at most ARGV[7] members (a bounded page).
 *  KEYS: index. ARGV: prefix, cursorMember, cursorScore, from, to, limit, budget,
 *  mode (dlq|runs), queue, type, tenant, state, errorLower. */
const scanIndex = `
local key, prefix = KEYS[1], ARGV[1]
local pos = 0
if ARGV[2] ~= '' then
  local r = redis.call('ZREVRANK', key, ARGV[2])
  if r then pos = r + 1 else pos = redis.call('ZCOUNT', key, '(' .. ARGV[3], '+inf') end
elseif ARGV[5] ~= '' then
  pos = redis.call('ZCOUNT', key, '(' .. ARGV[5], '+inf')
end
local from = tonumber(ARGV[4])
local limit, budget, mode = tonumber(ARGV[6]), tonumber(ARGV[7]), ARGV[8]
local fq, ft, ftn, fst, ferr = ARGV[9], ARGV[10], ARGV[11], ARGV[12], ARGV[13]

local function stateOf(q, id, jobKey, dlq)
  if dlq then return 'dead_lettered' end
  local base = prefix .. ':' .. q .. ':'
  if redis.call('ZSCORE', base .. 'completed', id) then return 'completed' end
  if redis.call('ZSCORE', base .. 'failed', id) then return 'failed' end
  if redis.call('ZSCORE', base .. 'delayed', id) then return 'delayed' end
  if redis.call('EXISTS', jobKey .. ':lock') == 1 then return 'active' end
  return 'waiting'
end

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
    local at = string.find(m, ':', 1, true)
    local q, id = string.sub(m, 1, at - 1), string.sub(m, at + 1)
    local jobKey = prefix .. ':' .. m
    local ok = fq == '' or fq == q
    if ok then
      if mode == 'dlq' then
        local f = redis.call('HMGET', jobKey, 'name', 'dlqTenant', 'failedReason')
        if not f[1] or (ft ~= '' and f[1] ~= ft) or (ftn ~= '' and f[2] ~= ftn) then ok = false
        elseif ferr ~= '' and not string.find(string.lower(f[3] or ''), ferr, 1, true) then ok = false
        else states[#states + 1] = 'dead_lettered' end
      else
        -- the payload is decoded only when filtering by tenant
        local f = redis.call('HMGET', jobKey, 'name', 'dlq', ftn ~= '' and 'data' or 'name')
        if not f[1] or (ft ~= '' and f[1] ~= ft) then ok = false
        elseif ftn ~= '' then
          local good, d = pcall(cjson.decode, f[3])
          if not (good and type(d) == 'table' and type(d.c) == 'table' and d.c.tenantId == ftn) then ok = false end
        end
        if ok then
          local st = stateOf(q, id, jobKey, f[2])
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
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    trafiDeadLetter(
      failed: string, job: string, dlqAll: string, dlqQueue: string, fair: string,
      jobId: string, queue: string, now: number, prefix: string, isolated: '0' | '1',
    ): Promise<number>;
    trafiFairDone(fair: string, tenant: string): Promise<number>;
    trafiEventsFlush(total: string, first: string, last: string, ...fieldCountFirstLast: (string | number)[]): Promise<number>;
    trafiQueueSnapshot(prefix: string, ...queues: string[]): Promise<[number, number, number, number, number, number, number, number, string, string[], (string | number)[]][]>;
    trafiDlqDelete(dlqAll: string, prefix: string, ...members: string[]): Promise<number>;
    trafiDlqRequeue(dlqAll: string, runs: string, prefix: string, now: number, isolated: string, ...members: string[]): Promise<number>;
    trafiScanIndex(
      index: string, prefix: string, cursorMember: string, cursorScore: string, from: string, to: string,
      limit: number, budget: number, mode: 'dlq' | 'runs', queue: string, type: string, tenant: string,
      state: string, errorLower: string,
    ): Promise<[string[], string[], string, string]>;
  }
}

/** Registers the scripts on a connection (idempotent; ioredis caches them by SHA). */
export function defineScripts(redis: Redis): Redis {
  if (typeof (redis as Partial<Redis>).trafiScanIndex === 'function') return redis;
  redis.defineCommand('trafiDeadLetter', { numberOfKeys: 5, lua: deadLetter });
  redis.defineCommand('trafiQueueSnapshot', { numberOfKeys: 0, lua: queueSnapshot });
  redis.defineCommand('trafiEventsFlush', { numberOfKeys: 3, lua: eventsFlush });
  redis.defineCommand('trafiFairDone', { numberOfKeys: 1, lua: fairDone });
  redis.defineCommand('trafiDlqDelete', { numberOfKeys: 1, lua: dlqDelete });
  redis.defineCommand('trafiDlqRequeue', { numberOfKeys: 2, lua: dlqRequeue });
  redis.defineCommand('trafiScanIndex', { numberOfKeys: 1, lua: scanIndex });
  return redis;
}
