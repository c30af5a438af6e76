-- 0009: 好差评 — the complainant's satisfaction review of a closed complaint, and the follow-up a
-- bad review (不满意 / 非常不满意) opens for the district's supervisors (国办发〔2019〕51号).
-- Rules: src/domain/complaint-satisfaction.ts; writes: src/db/complaint-satisfaction-write.ts.

-- A review is never edited or deleted: a change within the 30 days is a new version, and the
-- latest version counts. Who rated is the query code's holder; nothing personal is stored here.
CREATE TABLE complaint_satisfaction_reviews (
  id            bigserial PRIMARY KEY,
  complaint_id  bigint NOT NULL REFERENCES complaints(id),
  version       integer NOT NULL CHECK (version >= 1),
  level         text NOT NULL CHECK (level IN ('非常满意', '满意', '基本满意', '不满意', '非常不满意')),
  reasons       text[] NOT NULL DEFAULT '{}' CHECK (cardinality(reasons) <= 10),
  comment       text CHECK (length(comment) <= 500),
  channel       text NOT NULL CHECK (channel IN ('web', 'api')),
  submitted_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (complaint_id, version)
);

-- The follow-up (差评核实整改): opened by a bad review with a deadline in working days, closed
-- once by a supervisor with the verification, 整改 or 说明, and the answer the complainant reads.
CREATE TABLE complaint_satisfaction_follow_ups (
  id             bigserial PRIMARY KEY,
  complaint_id   bigint NOT NULL REFERENCES complaints(id),
  review_id      bigint NOT NULL REFERENCES complaint_satisfaction_reviews(id),
  opened_at      timestamptz NOT NULL DEFAULT now(),
  due_on         date NOT NULL,
  verification   text CHECK (verification IN ('属实', '部分属实', '不属实')),
  findings       text CHECK (length(findings) <= 2000),
  resolution     text CHECK (resolution IN ('整改', '说明')),
  result         text CHECK (length(result) <= 2000),
  closed_at      timestamptz,
  closed_by      bigint REFERENCES supervisors(id),
  CHECK ((closed_at IS NULL) = (resolution IS NULL)),
  CHECK ((closed_at IS NULL) OR (verification IS NOT NULL AND findings IS NOT NULL AND result IS NOT NULL))
);
-- At most one open follow-up per complaint: a second bad review while one is open joins it.
CREATE UNIQUE INDEX complaint_satisfaction_follow_ups_one_open ON complaint_satisfaction_follow_ups(complaint_id) WHERE closed_at IS NULL;
CREATE INDEX complaint_satisfaction_follow_ups_due ON complaint_satisfaction_follow_ups(due_on) WHERE closed_at IS NULL;
CREATE INDEX complaint_satisfaction_reviews_complaint ON complaint_satisfaction_reviews(complaint_id, version DESC);

CREATE FUNCTION complaint_satisfaction_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'complaint_satisfaction_immutable',
    MESSAGE = '满意度评价和差评核实记录不得删除或修改';
END $$;
CREATE TRIGGER complaint_satisfaction_reviews_no_change BEFORE UPDATE OR DELETE ON complaint_satisfaction_reviews
  FOR EACH ROW EXECUTE FUNCTION complaint_satisfaction_immutable();
CREATE TRIGGER complaint_satisfaction_follow_ups_no_delete BEFORE DELETE ON complaint_satisfaction_follow_ups
  FOR EACH ROW EXECUTE FUNCTION complaint_satisfaction_immutable();

-- A follow-up is closed exactly once; what was opened and what was recorded stay as they are.
CREATE FUNCTION complaint_satisfaction_follow_up_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.closed_at IS NOT NULL
     OR (NEW.complaint_id, NEW.review_id, NEW.opened_at, NEW.due_on) IS DISTINCT FROM (OLD.complaint_id, OLD.review_id, OLD.opened_at, OLD.due_on) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'complaint_satisfaction_immutable',
      MESSAGE = '差评核实已办结，记录不能再修改';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER complaint_satisfaction_follow_ups_guard BEFORE UPDATE ON complaint_satisfaction_follow_ups
  FOR EACH ROW EXECUTE FUNCTION complaint_satisfaction_follow_up_guard();
