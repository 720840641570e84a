--[[
  A tenant's job on an isolated queue completed.

  Input:
    KEYS[1] fair hash of the queue (~fair:<queue>)

    ARGV[1] tenant id

  Output:
    1
]]
--- @include "fairRelease"

fairRelease(KEYS[1], ARGV[1])
return 1
