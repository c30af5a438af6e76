-- 限期整改 (seed 001 七(一), 实施方案 六(三)) and 复核 applications against an evaluation or a
-- downgrade (seed 000 二, the same periods for every notice). Point appeals stay in point_appeals.
-- States and who may move them: src/domain/rectification.ts, src/domain/under-review.ts.

CREATE TABLE rectifications (
  id                  bigserial PRIMARY KEY,
  institution_id      bigint NOT NULL REFERENCES institutions(id),
  trigger_kind        text NOT NULL CHECK (trigger_kind IN ('poor-level','finding')),
  evaluation_id       bigint REFERENCES evaluations(id),         -- poor-level: the 差 evaluation
  finding             text CHECK (length(finding) BETWEEN 1 AND 1000),  -- finding: what was found
  reference           text CHECK (length(reference) <= 200),     -- inspection record / penalty / complaint number
  items               text NOT NULL CHECK (length(items) BETWEEN 1 AND 2000),  -- 整改事项, one per line (the notice lists them)
  state               text NOT NULL DEFAULT 'rectifying' CHECK (state IN ('rectifying','report-submitted','rectified','overdue',
                        'suspension-recommended','validation-suspended','cancellation-recommended','withdrawn')),
  ordered_on          date NOT NULL,
  period_days         smallint NOT NULL CHECK (period_days BETWEEN 1 AND 365),
  due_on              date NOT NULL CHECK (due_on > ordered_on),
  ordered_by          bigint REFERENCES supervisors(id),
  report_submitted_on date,
  report_text         text CHECK (length(report_text) <= 5000),
  rectified_on        date,
  overdue_on          date,
  suspension_recommended_by bigint REFERENCES supervisors(id),   -- the 暂缓校验 is decided by another administrator
  suspended_on        date,
  suspension_ends_on  date CHECK (suspension_ends_on IS NULL OR suspension_ends_on > suspended_on),
  licence_cancelled_on date,                                      -- the institution's status set to 注销 (by an administrator)
  created_at          timestamptz NOT NULL DEFAULT now(),
  CHECK ((trigger_kind = 'poor-level') = (evaluation_id IS NOT NULL)),
  CHECK (trigger_kind = 'poor-level' OR finding IS NOT NULL)
);
CREATE INDEX rectifications_institution ON rectifications(institution_id, ordered_on DESC);
-- A 差 level opens one rectification (another only after the first was withdrawn).
CREATE UNIQUE INDEX rectifications_one_per_evaluation ON rectifications(evaluation_id) WHERE state <> 'withdrawn';

-- The institution's report: what it sent (PDF as received, images re-encoded without metadata).
CREATE TABLE rectification_attachments (
  id                bigserial PRIMARY KEY,
  rectification_id  bigint NOT NULL REFERENCES rectifications(id),
  file_name         text NOT NULL CHECK (length(file_name) BETWEEN 1 AND 200),
  mime              text NOT NULL CHECK (mime IN ('application/pdf','image/jpeg','image/png')),
  content           bytea NOT NULL,
  size              integer NOT NULL CHECK (size > 0),
  uploaded_by       bigint REFERENCES supervisors(id),
  uploaded_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rectification_attachments_rectification ON rectification_attachments(rectification_id);

-- Every step of a rectification, for its record page (the audit log has the same with the IP).
CREATE TABLE rectification_events (
  id                bigserial PRIMARY KEY,
  rectification_id  bigint NOT NULL REFERENCES rectifications(id),
  at                timestamptz NOT NULL DEFAULT now(),
  actor_id          bigint REFERENCES supervisors(id),
  action            text NOT NULL CHECK (length(action) <= 40),
  from_state        text,
  to_state          text,
  on_date           date NOT NULL,
  reason            text CHECK (length(reason) <= 2000)
);
CREATE INDEX rectification_events_rectification ON rectification_events(rectification_id, at);

-- 复核 / 申诉 against an evaluation or a downgrade.
CREATE TABLE reviews (
  id                 bigserial PRIMARY KEY,
  institution_id     bigint NOT NULL REFERENCES institutions(id),
  item               text NOT NULL CHECK (item IN ('evaluation','downgrade')),
  evaluation_id      bigint NOT NULL REFERENCES evaluations(id),
  downgrade_id       bigint REFERENCES downgrades(id),
  applicant          text NOT NULL CHECK (length(applicant) BETWEEN 1 AND 100),
  grounds            text NOT NULL CHECK (length(grounds) BETWEEN 1 AND 2000),
  notice_received_on date NOT NULL,
  filed_on           date NOT NULL CHECK (filed_on >= notice_received_on),
  state              text NOT NULL DEFAULT 'applied' CHECK (state IN ('applied','accepted','not-accepted','maintained','revoked','changed','withdrawn')),
  accepted_on        date,
  decision_due       date,
  decided_on         date,
  decision_note      text CHECK (length(decision_note) <= 500),
  reason             text CHECK (length(reason) <= 2000),
  recorded_by        bigint REFERENCES supervisors(id),
  decided_by         bigint REFERENCES supervisors(id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK ((item = 'downgrade') = (downgrade_id IS NOT NULL)),
  CHECK (state NOT IN ('accepted','maintained','revoked','changed') OR accepted_on IS NOT NULL),
  CHECK ((state IN ('maintained','revoked','changed','not-accepted','withdrawn')) = (decided_on IS NOT NULL))
);
CREATE INDEX reviews_institution ON reviews(institution_id);
-- One pending application per item at a time.
CREATE UNIQUE INDEX reviews_one_pending_evaluation ON reviews(evaluation_id) WHERE item = 'evaluation' AND state IN ('applied','accepted');
CREATE UNIQUE INDEX reviews_one_pending_downgrade ON reviews(downgrade_id) WHERE state IN ('applied','accepted');

-- Every rectification and review action carries its reason (a constraint of its own, so the
-- other lifecycle migrations can add theirs without rewriting 0002's list).
ALTER TABLE audit_log ADD CONSTRAINT audit_log_rectification_review_reason CHECK (
  (action NOT LIKE 'rectification.%' AND action NOT LIKE 'review.%')
  OR (reason IS NOT NULL AND length(btrim(reason)) > 0));
