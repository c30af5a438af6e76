-- 0016: issue 15 part B (institution portal). The files of a rectification report submitted
-- through the portal wait here, with their submission, until a supervisor approves it; the
-- approval copies them into rectification_attachments (the credit-lifecycle's own table).
-- Already checked and re-encoded when submitted (PDF kept, JPEG/PNG re-encoded), so the
-- approval only moves bytes.
CREATE TABLE portal_submission_files (
  id            bigserial PRIMARY KEY,
  submission_id bigint NOT NULL REFERENCES portal_submissions(id) ON DELETE CASCADE,
  file_name     text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  mime          text NOT NULL CHECK (mime IN ('application/pdf','image/jpeg','image/png')),
  content       bytea NOT NULL,
  size          integer NOT NULL CHECK (size > 0)
);
CREATE INDEX portal_submission_files_submission ON portal_submission_files(submission_id);
