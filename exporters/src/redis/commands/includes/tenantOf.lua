--[[
  The tenant of a job from its stored data (JSON `{p, c: {tenantId}}`), or nil when the
  data is missing, does not decode or names no tenant.
]]
local function tenantOf(data)
  local ok, d = pcall(cjson.decode, data or '')
  if ok and type(d) == 'table' and type(d.c) == 'table' and type(d.c.tenantId) == 'string' then return d.c.tenantId end
  return nil
end
