-- Who did what to which target, why, and how it ended; append-only.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  role text NOT NULL,
  action text NOT NULL,
  target text NOT NULL,
  reason text NOT NULL,
  result text NOT NULL,
  details jsonb
);

CREATE INDEX audit_log_at_id_idx ON audit_log (at DESC, id DESC);
