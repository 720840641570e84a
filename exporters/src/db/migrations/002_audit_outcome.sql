-- Rows are now written before their action (pending) and completed after it, and denied attempts
-- are recorded too; the outcome says which. Rows from before were written after their action.
ALTER TABLE audit_log ADD COLUMN outcome text NOT NULL DEFAULT 'succeeded'
  CHECK (outcome IN ('pending', 'succeeded', 'failed', 'denied'));
UPDATE audit_log SET outcome = 'failed' WHERE result LIKE 'error:%';
ALTER TABLE audit_log ALTER COLUMN outcome DROP DEFAULT;

-- The retention prune of denied rows.
CREATE INDEX audit_log_denied_at_idx ON audit_log (at) WHERE outcome = 'denied';
