--[[
  The rank (in ZREVRANGE order: higher scores first, equal scores by member descending) of the
  first member strictly after the position (score, member), whether or not that member is still
  in the sorted set or still has that score: a cursor resumes where it was, never restarts.
  Members are compared byte by byte, as Redis orders them (Lua's `<` follows the locale).
]]
local function revRankAfter(key, score, member)
  local current = redis.call('ZSCORE', key, member)
  if current and tonumber(current) == tonumber(score) then return redis.call('ZREVRANK', key, member) + 1 end
  -- the members sharing that score hold ranks [lo, hi); find the first one sorting below `member`
  local lo = redis.call('ZCOUNT', key, '(' .. score, '+inf')
  local hi = lo + redis.call('ZCOUNT', key, score, score)
  local function below(m)
    for i = 1, math.min(#m, #member) do
      local a, b = string.byte(m, i), string.byte(member, i)
      if a ~= b then return a < b end
    end
    return #m < #member
  end
  while lo < hi do
    local mid = math.floor((lo + hi) / 2)
    if below(redis.call('ZREVRANGE', key, mid, mid)[1]) then hi = mid else lo = mid + 1 end
  end
  return lo
end
