-- 0006: a downgrade during the year is worked in the supervisor area (seed 001 附件1 七(二),
-- issue 12 item 3): finding → re-score within 5 days → report to the evaluation group → approval
-- by a second person (or return / dismissal / withdrawal), and later a revocation after review.
-- States and who moves them: src/domain/downgrade.ts DOWNGRADE_TRANSITIONS.
--
-- `reason` stays the public downgrade reason: it now holds the finding (what was found).
-- `decided_on` is the approval date; `notice_no` is filled from the issued 降级通知书 (documents)
-- and the public pages only show a downgrade whose notice has been issued. Rows written before
-- this migration (imports, fixtures) are approved downgrades: state 'downgraded'.

ALTER TABLE downgrades
  ALTER COLUMN decided_on DROP NOT NULL,
  ALTER COLUMN notice_no DROP NOT NULL,
  ALTER COLUMN to_level DROP NOT NULL,
  ADD COLUMN state text NOT NULL DEFAULT 'downgraded'
    CHECK (state IN ('found','rescored','submitted','downgraded','not-downgraded','withdrawn','revoked')),
  ADD COLUMN found_on date,
  ADD COLUMN source text CHECK (source IN ('日常监督','专项检查','投诉查处','年度校验','行政处罚')),
  ADD COLUMN link_kind text CHECK (link_kind IN ('inspection','penalty','complaint')),
  ADD COLUMN link_ref text CHECK (length(link_ref) BETWEEN 1 AND 100),
  -- The re-score on the on-site sheet: the twelve facts of credit-level.ts CreditEvaluationInput.
  ADD COLUMN rescored_on date,
  ADD COLUMN rescore_input jsonb,
  ADD COLUMN rescore_level text CHECK (rescore_level IN ('优秀','合格','差')),
  ADD COLUMN rescore_reasons text[] NOT NULL DEFAULT '{}',
  ADD COLUMN found_by bigint REFERENCES supervisors(id),
  ADD COLUMN rescored_by bigint REFERENCES supervisors(id),
  ADD COLUMN proposed_by bigint REFERENCES supervisors(id),
  ADD COLUMN decided_by bigint REFERENCES supervisors(id),
  -- The reason given with the last decision (return, dismissal, withdrawal, revocation).
  ADD COLUMN decision_note text CHECK (length(decision_note) <= 500),
  ADD COLUMN revoked_on date,
  ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT downgrades_approved_complete
    CHECK (state NOT IN ('downgraded','revoked') OR (decided_on IS NOT NULL AND to_level IS NOT NULL)),
  ADD CONSTRAINT downgrades_rescored_complete
    CHECK (state IN ('found','withdrawn','not-downgraded') OR rescored_on IS NOT NULL OR found_on IS NULL);

CREATE INDEX downgrades_evaluation ON downgrades(evaluation_id);
CREATE INDEX downgrades_open ON downgrades(state, found_on) WHERE state IN ('found','rescored','submitted');
-- One open downgrade per evaluation at a time: a second finding joins the re-score of the first.
CREATE UNIQUE INDEX downgrades_one_open ON downgrades(evaluation_id) WHERE state IN ('found','rescored','submitted');
