--[[
  The one definition of a run's state (RunState in @trafi-ops/contracts): dead_lettered once
  in the DLQ, else BullMQ's completed, failed and delayed sets, active while a worker holds
  the job's lock, else waiting. queueBase is the queue's key prefix `<prefix>:<queue>:`.
]]
local function runState(queueBase, jobId, deadLettered)
  if deadLettered then return 'dead_lettered' end
  if redis.call('ZSCORE', queueBase .. 'completed', jobId) then return 'completed' end
  if redis.call('ZSCORE', queueBase .. 'failed', jobId) then return 'failed' end
  if redis.call('ZSCORE', queueBase .. 'delayed', jobId) then return 'delayed' end
  if redis.call('EXISTS', queueBase .. jobId .. ':lock') == 1 then return 'active' end
  return 'waiting'
end
