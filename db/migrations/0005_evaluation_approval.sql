-- 0005: evaluations are entered (or imported) as submissions and reach `evaluations` — the
-- approved truth the public pages read — only when a second person approves them (issue 12
-- item 1). A submission keeps the full input, so what was approved can always be shown again.

CREATE TABLE evaluation_submissions (
  id                         bigserial PRIMARY KEY,
  institution_id             bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
  year                       smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  jurisdiction_code          text REFERENCES regions(code),
  actual_score               numeric(5,2) NOT NULL CHECK (actual_score >= 0 AND actual_score <= 100),
  reasonable_missing         numeric(5,2) NOT NULL DEFAULT 0 CHECK (reasonable_missing >= 0 AND reasonable_missing < 100),
  double_star_not_met        smallint NOT NULL DEFAULT 0 CHECK (double_star_not_met >= 0),
  single_star_not_met        smallint NOT NULL DEFAULT 0 CHECK (single_star_not_met >= 0),
  penalties_count            smallint NOT NULL DEFAULT 0 CHECK (penalties_count >= 0),
  conduct_violation          boolean NOT NULL DEFAULT false,
  serious_violation          boolean NOT NULL DEFAULT false,
  establishment_noncompliant boolean NOT NULL DEFAULT false,
  validation_suspended       boolean NOT NULL DEFAULT false,
  major_accident             boolean NOT NULL DEFAULT false,
  safety_accident            boolean NOT NULL DEFAULT false,
  public_health_score        numeric(5,2) CHECK (public_health_score BETWEEN 0 AND 100),
  item_scores                jsonb NOT NULL DEFAULT '[]',
  -- What the credit engine gave when it was entered, before the 10 % cut (applied on approval
  -- over the whole year in the jurisdiction): the list filters and shows it.
  standardized_score         numeric(5,2) NOT NULL CHECK (standardized_score BETWEEN 0 AND 100),
  level                      text NOT NULL CHECK (level IN ('优秀', '合格', '差')),
  -- NULL only from a sheet without 评价日期: the stored date is kept (today for a new one).
  evaluated_on               date,
  source                     text NOT NULL CHECK (source IN ('录入', '导入')),
  -- The admin upload it came from; NULL for a form entry and for `npm run import` (no batch).
  import_batch_id            bigint REFERENCES import_batches(id),
  note                       text CHECK (length(note) <= 500),
  state                      text NOT NULL DEFAULT '待审批' CHECK (state IN ('待审批', '已批准', '已退回', '已撤回')),
  entered_by                 bigint REFERENCES supervisors(id),
  entered_at                 timestamptz NOT NULL DEFAULT now(),
  decided_by                 bigint REFERENCES supervisors(id),
  decided_at                 timestamptz,
  reason                     text CHECK (length(reason) <= 500),
  -- The evaluation it became (after approval).
  evaluation_id              bigint REFERENCES evaluations(id) ON DELETE SET NULL,
  CHECK (actual_score <= 100 - reasonable_missing),
  CHECK (source = '导入' OR import_batch_id IS NULL),
  CHECK ((state = '待审批') = (decided_at IS NULL)),
  -- Returned with a reason; approved by a second person (never the one who entered it).
  CHECK (state <> '已退回' OR (reason IS NOT NULL AND length(btrim(reason)) > 0)),
  CHECK (state <> '已批准' OR (decided_by IS NOT NULL AND decided_by IS DISTINCT FROM entered_by))
);
-- One submission waits per institution and year: a newer one replaces it (已撤回).
CREATE UNIQUE INDEX evaluation_submissions_one_waiting ON evaluation_submissions(institution_id, year) WHERE state = '待审批';
CREATE INDEX evaluation_submissions_state_year ON evaluation_submissions(state, year);
CREATE INDEX evaluation_submissions_batch ON evaluation_submissions(import_batch_id) WHERE import_batch_id IS NOT NULL;
CREATE INDEX evaluation_submissions_institution ON evaluation_submissions(institution_id, year);
