--[[
  An index member `queue:jobId` as queue, jobId (queue names never contain ':').
]]
local function splitRef(member)
  local at = string.find(member, ':', 1, true)
  return string.sub(member, 1, at - 1), string.sub(member, at + 1)
end
