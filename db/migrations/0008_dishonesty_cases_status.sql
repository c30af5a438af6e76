-- 0008: issue 12 items 6, 8 and 10.
--  * 严重失信名单 entries get a life (src/domain/dishonesty.ts DISHONESTY_TRANSITIONS): proposed by
--    a district supervisor with its grounds, legal basis and display period, approved by another
--    person (an administrator), then repaired (信用修复), expired or revoked.
--  * An institution's practice status (执业/歇业/注销/吊销) can be changed in the supervisor area,
--    with its date and reason kept as history (the import was the only way before).
--  * 典型案例 (typical cases): written and published by an administrator, linked to a penalty.

-- Serious-dishonesty entries ------------------------------------------------------------------

-- A proposal has no decision number yet; the number is given when it is approved.
ALTER TABLE serious_dishonesty ALTER COLUMN decision_no DROP NOT NULL;
ALTER TABLE serious_dishonesty
  -- Rows written before this migration (and raw fixture inserts) are approved listings.
  ADD COLUMN state              text NOT NULL DEFAULT 'listed' CHECK (state IN ('proposed','rejected','withdrawn','listed',
                                                                                 'repair-applied','repaired','expired','revoked')),
  ADD COLUMN grounds            text[] NOT NULL DEFAULT '{}',
  ADD COLUMN legal_basis        text CHECK (length(legal_basis) <= 1000),
  -- Last day shown; NULL only for rows from before this migration (shown until removed_on).
  ADD COLUMN display_until      date CHECK (display_until IS NULL OR display_until >= listed_on),
  ADD COLUMN proposed_by        bigint REFERENCES supervisors(id),
  ADD COLUMN proposed_at        timestamptz,
  ADD COLUMN decided_by         bigint REFERENCES supervisors(id),
  ADD COLUMN decided_on         date,
  ADD COLUMN decision_note      text CHECK (length(decision_note) <= 1000),
  ADD COLUMN repair_applied_on  date,
  ADD COLUMN repair_application text CHECK (length(repair_application) <= 2000),
  ADD COLUMN repair_decision    text CHECK (length(repair_decision) <= 1000),
  -- Date of the repair decision, the revocation or the end of the period.
  ADD COLUMN ended_on           date,
  ADD COLUMN end_reason         text CHECK (length(end_reason) <= 1000),
  ADD CONSTRAINT serious_dishonesty_decision_no CHECK (state IN ('proposed','rejected','withdrawn') OR decision_no IS NOT NULL),
  ADD CONSTRAINT serious_dishonesty_second_person CHECK (decided_by IS NULL OR proposed_by IS NULL OR decided_by <> proposed_by);
CREATE INDEX serious_dishonesty_institution ON serious_dishonesty(institution_id);
CREATE INDEX serious_dishonesty_state ON serious_dishonesty(state);

-- Practice status history ---------------------------------------------------------------------

CREATE TABLE institution_status_changes (
  id             bigserial PRIMARY KEY,
  institution_id bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
  from_status    text NOT NULL CHECK (from_status IN ('执业','歇业','注销','吊销')),
  to_status      text NOT NULL CHECK (to_status IN ('执业','歇业','注销','吊销')),
  changed_on     date NOT NULL,
  reason         text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 1000),
  changed_by     bigint REFERENCES supervisors(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (from_status <> to_status)
);
CREATE INDEX institution_status_changes_institution ON institution_status_changes(institution_id, changed_on);

-- Typical cases (典型案例曝光) ------------------------------------------------------------------

CREATE TABLE typical_cases (
  id             bigserial PRIMARY KEY,
  -- Linked by the penalty's decision number; the institution is the penalty's.
  penalty_id     bigint NOT NULL REFERENCES penalties(id) ON DELETE CASCADE,
  title          text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 100),
  body           text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 5000),
  case_date      date NOT NULL,
  status         text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','published','withdrawn')),
  published_on   date,
  withdrawn_on   date,
  created_by     bigint REFERENCES supervisors(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK ((status = 'draft') OR published_on IS NOT NULL),
  CHECK ((status = 'withdrawn') = (withdrawn_on IS NOT NULL))
);
CREATE INDEX typical_cases_penalty ON typical_cases(penalty_id);
