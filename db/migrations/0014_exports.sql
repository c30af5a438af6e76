-- 0014: issue 14 (part B). Exports to the public credit information platform (双公示: 行政处罚,
-- 红黑榜, 严重失信名单) and to the provincial 医疗服务综合监管平台 (approved points).
--  * exports: the ledger — what was exported when, by whom, how many rows, the file's SHA-256,
--    and the file itself (a past export can be downloaded again and checked against its hash);
--  * export_records: per exported record its key and content hash, so an incremental export
--    ("仅导出新增/变更") contains exactly the records that are new or changed since they were
--    last exported;
--  * point_records.provincial_entered_on: when the point was entered into the provincial platform
--    (seed 000: 办公室于3日内在XX省医疗服务综合监管平台进行记分).

CREATE TABLE exports (
  id           bigserial PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('penalties','red-black','serious-dishonesty','provincial-points')),
  format       text NOT NULL CHECK (format IN ('csv','xlsx','json')),
  incremental  boolean NOT NULL,
  since        timestamptz,          -- the previous export of the kind (incremental only)
  until        timestamptz NOT NULL, -- the data as of this moment
  row_count    integer NOT NULL CHECK (row_count >= 0),
  sha256       text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  file_name    text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  content      bytea NOT NULL,
  created_by   bigint REFERENCES supervisors(id), -- NULL: the command line (npm run export)
  created_at   timestamptz NOT NULL DEFAULT now(),
  -- The push to EXPORT_PUSH_URL (through the queue): NULL when no endpoint was configured.
  push_state   text CHECK (push_state IN ('pending','sent','failed')),
  pushed_at    timestamptz,
  CHECK (incremental OR since IS NULL)
);
CREATE INDEX exports_kind ON exports(kind, created_at DESC);

CREATE TABLE export_records (
  export_id    bigint NOT NULL REFERENCES exports(id) ON DELETE CASCADE,
  record_key   text NOT NULL CHECK (length(record_key) BETWEEN 1 AND 100),
  content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  PRIMARY KEY (export_id, record_key)
);
CREATE INDEX export_records_key ON export_records(record_key, export_id DESC);

ALTER TABLE point_records
  ADD COLUMN provincial_entered_on date,
  ADD COLUMN provincial_entered_by bigint REFERENCES supervisors(id);
