-- Support mode's access log: every request a support session made (or tried) on the platform,
-- allowed or denied, written before the request is served and completed with its status.
CREATE TABLE support_access_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  grant_id text NOT NULL,
  operator text NOT NULL,
  tenant text NOT NULL,
  method text NOT NULL,
  route text NOT NULL,
  status integer NOT NULL,
  outcome text NOT NULL CHECK (outcome IN ('allowed', 'denied')),
  reason text
);

CREATE INDEX support_access_log_grant_idx ON support_access_log (grant_id, id DESC);
