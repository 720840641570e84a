-- Diagnostic reports (story 11.11): metadata, the sanitized JSON and the PDF, kept until expires_at.
CREATE TABLE diagnostic_reports (
  id uuid PRIMARY KEY,
  tenant text NOT NULL,
  store text,
  from_ms bigint NOT NULL,
  to_ms bigint NOT NULL,
  case_id text NOT NULL,
  reason text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  operation_id text NOT NULL,
  error text,
  build_ms integer,
  content jsonb,
  pdf bytea
);

CREATE INDEX diagnostic_reports_tenant_idx ON diagnostic_reports (tenant, created_at DESC, id DESC);
CREATE INDEX diagnostic_reports_created_idx ON diagnostic_reports (created_at DESC, id DESC);
CREATE INDEX diagnostic_reports_expires_idx ON diagnostic_reports (expires_at);
