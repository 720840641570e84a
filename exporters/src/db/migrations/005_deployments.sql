-- Releases (one per deployment; a rollback is a new release pointing at an earlier version, so
-- history only moves forward), paused automatic deploys per component, and rollbacks with their
-- steps and verification figures. rollback_locks holds one row per component a running rollback
-- moves: a second rollback touching the same component conflicts on the primary key (409).
CREATE TABLE releases (
  id bigserial PRIMARY KEY,
  version text NOT NULL,
  components jsonb NOT NULL,
  commit text NOT NULL,
  migrations jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  rollback_id text
);
CREATE INDEX releases_version_idx ON releases (version, id DESC);

CREATE TABLE deploy_pauses (
  component text PRIMARY KEY,
  reason text NOT NULL,
  actor text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rollbacks (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  scope text NOT NULL,
  status text NOT NULL,
  doc jsonb NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE rollback_locks (
  component text PRIMARY KEY,
  rollback_id text NOT NULL
);
