-- 0003: data import. Every import that writes (from the command line or the supervisor area)
-- is recorded with what it changed; a sheet uploaded in the supervisor area waits here between
-- the preview and the administrator's confirmation, so the server stays stateless.

CREATE TABLE import_batches (
  id          bigserial PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('regions','institutions','staff','evaluations','penalties','points',
                                            'commitments','self-inspections')),
  file_name   text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
  -- The uploaded file, kept only while it waits for confirmation (NULL once applied or dropped).
  content     bytea,
  sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  skip_invalid boolean NOT NULL DEFAULT false,
  sheet_name  text CHECK (length(sheet_name) <= 100),
  origin      text NOT NULL CHECK (origin IN ('admin','cli')),
  status      text NOT NULL CHECK (status IN ('待确认','已导入','已放弃','失败')),
  -- Counts and the first changes/errors, as shown in the preview and after the import.
  preview     jsonb NOT NULL DEFAULT '{}',
  result      jsonb,
  created_by  bigint REFERENCES supervisors(id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  CHECK ((status = '待确认') = (finished_at IS NULL)),
  CHECK (status = '待确认' OR content IS NULL)
);
CREATE INDEX import_batches_created ON import_batches(created_at DESC);
CREATE INDEX import_batches_waiting ON import_batches(created_at) WHERE status = '待确认';
