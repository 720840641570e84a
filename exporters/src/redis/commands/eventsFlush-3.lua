--[[
  Adds a reporter's buffered storefront event counts. First receipt only moves back,
  last receipt only forward.

  Input:
    KEYS[1] total counts hash (~ev:total), field `store\tevent_type`
    KEYS[2] first receipt hash (~ev:first)
    KEYS[3] last receipt hash (~ev:last)

    ARGV[1..n] per field: field, count, firstAt (ms), lastAt (ms)

  Output:
    1
]]

for i = 1, #ARGV, 4 do
  local f, n, first, last = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2]), tonumber(ARGV[i + 3])
  redis.call('HINCRBY', KEYS[1], f, n)
  local prevFirst = tonumber(redis.call('HGET', KEYS[2], f) or '0')
  if prevFirst == 0 or first < prevFirst then redis.call('HSET', KEYS[2], f, first) end
  if last > tonumber(redis.call('HGET', KEYS[3], f) or '0') then redis.call('HSET', KEYS[3], f, last) end
end
return 1
