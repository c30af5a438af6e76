-- 0004: official notices (issue 12 item 7): 评价结果告知书, 降级通知书, 不良执业行为记分通知书,
-- 限期整改通知书. Each carries a number from a yearly sequence per kind (青禾卫健降〔2026〕1号) and
-- is archived as the exact PDF that was issued: rows are never changed or deleted, so fetching a
-- notice again gives the same bytes.

CREATE TABLE official_documents (
  id             bigserial PRIMARY KEY,
  kind           text NOT NULL CHECK (kind IN ('evaluation-result','downgrade','points','rectification')),
  document_no    text NOT NULL UNIQUE CHECK (length(document_no) BETWEEN 1 AND 60),
  year           smallint NOT NULL CHECK (year BETWEEN 2000 AND 9999),
  sequence       integer NOT NULL CHECK (sequence >= 1),
  institution_id bigint NOT NULL REFERENCES institutions(id),
  -- What the notice is about: an approved evaluation, a downgrade, a point record, a rectification.
  subject_kind   text NOT NULL CHECK (subject_kind ~ '^[a-z-]{1,40}$'),
  subject_id     bigint NOT NULL,
  title          text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
  issued_on      date NOT NULL,
  issued_by      bigint REFERENCES supervisors(id),
  issued_at      timestamptz NOT NULL DEFAULT now(),
  blocks         jsonb NOT NULL,
  pdf            bytea NOT NULL,
  pdf_sha256     text NOT NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
  UNIQUE (kind, year, sequence),
  -- One notice per subject: issuing again returns the archived one.
  UNIQUE (kind, subject_kind, subject_id)
);
CREATE INDEX official_documents_institution ON official_documents(institution_id, issued_on DESC);
CREATE INDEX official_documents_issued ON official_documents(issued_at DESC);

CREATE FUNCTION official_documents_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'official_documents is an archive: issued notices are never changed or deleted';
END $$;
CREATE TRIGGER official_documents_no_update BEFORE UPDATE OR DELETE ON official_documents
  FOR EACH ROW EXECUTE FUNCTION official_documents_immutable();
CREATE TRIGGER official_documents_no_truncate BEFORE TRUNCATE ON official_documents
  FOR EACH STATEMENT EXECUTE FUNCTION official_documents_immutable();
