-- 0002: the supervisor area. Jurisdiction (属地管理) as SQL functions every admin query joins,
-- the complaint workflow enforced again by a trigger, points that can never be deleted, an audit
-- log that cannot even be truncated, moderation and publication bookkeeping.

-- Jurisdiction -------------------------------------------------------------------------------

-- Region codes a supervisor works in: the regions assigned to them and every region below
-- (county → townships → villages, through regions.parent_code). Inactive accounts have none.
CREATE FUNCTION supervisor_region_scope(actor bigint) RETURNS TABLE (code text)
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE scope(code) AS (
    SELECT sr.region_code
      FROM supervisor_regions sr JOIN supervisors s ON s.id = sr.supervisor_id
     WHERE sr.supervisor_id = actor AND s.active
    UNION
    SELECT r.code FROM regions r JOIN scope ON r.parent_code = scope.code
  )
  SELECT code FROM scope
$$;

-- Commission-wide reading: administrators, and viewers with no region assigned (src/domain/roles.ts).
CREATE FUNCTION supervisor_sees_all(actor bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM supervisors s
     WHERE s.id = actor AND s.active
       AND (s.role = 'admin'
            OR (s.role = 'viewer' AND NOT EXISTS (SELECT 1 FROM supervisor_regions sr WHERE sr.supervisor_id = s.id))))
$$;

-- Whether an active account has one of the given roles (writes check it in the same statement).
CREATE FUNCTION supervisor_has_role(actor bigint, roles text[]) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (SELECT 1 FROM supervisors s WHERE s.id = actor AND s.active AND s.role = ANY (roles))
$$;

-- A region and every region below it (the district filter of the intake table).
CREATE FUNCTION region_descendants(root text) RETURNS TABLE (code text)
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE d(code) AS (
    SELECT r.code FROM regions r WHERE r.code = root
    UNION
    SELECT r.code FROM regions r JOIN d ON r.parent_code = d.code
  )
  SELECT code FROM d
$$;

ALTER TABLE supervisors ADD COLUMN last_login_at timestamptz;
ALTER TABLE supervisors ADD COLUMN password_changed_at timestamptz;
CREATE INDEX supervisor_regions_region ON supervisor_regions(region_code);

-- Sessions are looked up by id_hash; expired ones are swept by expiry.
CREATE INDEX sessions_expires ON sessions(expires_at);

-- Complaint workflow -------------------------------------------------------------------------

-- The same machine as src/domain/complaint-workflow.ts (STATUS_CHANGES): any other change of
-- status is refused; finished complaints keep their decision; findings belong to the
-- investigation; a duplicate cannot point at itself.
CREATE FUNCTION complaint_workflow_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.status IS DISTINCT FROM OLD.status
     AND (OLD.status, NEW.status) NOT IN (('待受理', '已受理'), ('待受理', '不予受理'), ('已受理', '调查中'), ('调查中', '已办结')) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'complaint_workflow',
      MESSAGE = format('投诉状态不能从“%s”变为“%s”', OLD.status, NEW.status);
  END IF;
  IF OLD.status IN ('不予受理', '已办结')
     AND (NEW.outcome IS DISTINCT FROM OLD.outcome OR NEW.duplicate_of IS DISTINCT FROM OLD.duplicate_of
          OR NEW.findings IS DISTINCT FROM OLD.findings OR NEW.reject_reason IS DISTINCT FROM OLD.reject_reason
          OR NEW.assigned_to IS DISTINCT FROM OLD.assigned_to) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'complaint_workflow',
      MESSAGE = format('投诉已“%s”，办理结论不能再修改', OLD.status);
  END IF;
  IF NEW.findings IS DISTINCT FROM OLD.findings AND NOT (OLD.status = '调查中') THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'complaint_workflow',
      MESSAGE = '只有调查中的投诉可以记录调查情况';
  END IF;
  IF NEW.reject_reason IS DISTINCT FROM OLD.reject_reason AND NEW.status <> '不予受理' THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'complaint_workflow',
      MESSAGE = '只有不予受理时可以填写不予受理理由';
  END IF;
  IF NEW.duplicate_of IS NOT NULL AND NEW.duplicate_of = NEW.id THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'complaint_workflow',
      MESSAGE = '重复投诉不能指向自身';
  END IF;
  IF OLD.status = '待受理' AND NEW.status = '已受理' AND NEW.accepted_at IS NULL THEN
    NEW.accepted_at := now();
  END IF;
  IF OLD.status <> NEW.status AND NEW.status IN ('已办结', '不予受理') AND NEW.closed_at IS NULL THEN
    NEW.closed_at := now();
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER complaints_workflow BEFORE UPDATE ON complaints
  FOR EACH ROW EXECUTE FUNCTION complaint_workflow_guard();

-- The intake table filters by these; thousands of rows stay fast.
CREATE INDEX complaints_assigned ON complaints(assigned_to) WHERE assigned_to IS NOT NULL;
CREATE INDEX complaints_received ON complaints(received_at DESC);
CREATE INDEX complaints_open_due ON complaints(status, accept_due, close_due) WHERE status IN ('待受理', '已受理', '调查中');

-- Points and appeals (seed 000: 不得消除记分) ---------------------------------------------------

-- Seed 000 names the activities points come from; accept its words as well as the 0001 list.
ALTER TABLE point_records DROP CONSTRAINT point_records_source_check;
ALTER TABLE point_records ADD CONSTRAINT point_records_source_check CHECK (source IN (
  '监督检查', '校验', '质控', '投诉举报', '行政处罚', '其他',
  '审批校验', '日常管理', '综合监督', '运行评价', '医院评审', '质控督查', '专项检查'));
ALTER TABLE point_records ADD COLUMN approved_on date;   -- 分管领导审批: the notice deadline counts from it
ALTER TABLE point_records ADD COLUMN voided_by bigint REFERENCES supervisors(id);
ALTER TABLE point_records ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE point_records ADD CONSTRAINT point_records_complaint_source
  CHECK (source_complaint_id IS NULL OR source = '投诉举报');
ALTER TABLE point_records ADD CONSTRAINT point_records_notice_order
  CHECK (notice_received_on IS NULL OR (notice_served_on IS NOT NULL AND notice_received_on >= notice_served_on));
CREATE INDEX point_records_found ON point_records(found_on);

ALTER TABLE point_appeals ADD COLUMN decided_by bigint REFERENCES supervisors(id);
ALTER TABLE point_appeals ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();
ALTER TABLE point_appeals ADD CONSTRAINT point_appeals_one_per_record UNIQUE (point_record_id);
ALTER TABLE point_appeals ADD CONSTRAINT point_appeals_order
  CHECK ((accepted_on IS NULL OR accepted_on >= received_on) AND (decided_on IS NULL OR (accepted_on IS NOT NULL AND decided_on >= accepted_on)));

CREATE FUNCTION points_never_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'points_never_deleted',
    MESSAGE = '记分记录不得删除（申诉成立的记分作撤销处理，记录保留）';
END $$;
CREATE TRIGGER point_records_no_delete BEFORE DELETE ON point_records
  FOR EACH ROW EXECUTE FUNCTION points_never_deleted();
CREATE TRIGGER point_appeals_no_delete BEFORE DELETE ON point_appeals
  FOR EACH ROW EXECUTE FUNCTION points_never_deleted();
CREATE TRIGGER point_records_no_truncate BEFORE TRUNCATE ON point_records
  FOR EACH STATEMENT EXECUTE FUNCTION points_never_deleted();

-- A voided record stays voided; what was recorded is not rewritten afterwards.
CREATE FUNCTION point_record_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = '已撤销' AND NEW.status <> '已撤销' THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'point_record_guard', MESSAGE = '已撤销的记分不能恢复';
  END IF;
  IF (NEW.institution_id, NEW.staff_id, NEW.behaviour, NEW.points, NEW.source, NEW.found_on)
     IS DISTINCT FROM (OLD.institution_id, OLD.staff_id, OLD.behaviour, OLD.points, OLD.source, OLD.found_on) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation', CONSTRAINT = 'point_record_guard',
      MESSAGE = '记分的对象、行为、分值、来源和发现日期登记后不能修改';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER point_records_guard BEFORE UPDATE ON point_records
  FOR EACH ROW EXECUTE FUNCTION point_record_guard();

-- Moderation -----------------------------------------------------------------------------------

ALTER TABLE ratings ADD COLUMN moderated_at timestamptz;
CREATE INDEX ratings_comment_status ON ratings(comment_status, created_at) WHERE comment_status <> '无';

-- Audit log --------------------------------------------------------------------------------------

-- 0001 refuses UPDATE and DELETE; TRUNCATE bypasses row triggers, so refuse it as well.
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_immutable();
-- Sensitive actions carry their reason (seeing personal data, exporting, hiding a comment,
-- deciding an appeal, publishing, managing accounts); the application asks for it first.
ALTER TABLE audit_log ADD CONSTRAINT audit_log_reason_required CHECK (
  action NOT IN ('complaint.view_pii', 'complaint.export', 'complaint.reject', 'rating.hide', 'rating.view_original',
                 'point.decide', 'publish.switch', 'user.create', 'user.deactivate', 'user.password')
  OR (reason IS NOT NULL AND length(btrim(reason)) > 0));
CREATE INDEX audit_log_actor ON audit_log(actor_id, at DESC);
CREATE INDEX audit_log_action ON audit_log(action, at DESC);

-- Publications -----------------------------------------------------------------------------------

-- A release is built first (待发布: can be previewed), then switched to (已发布) or dropped.
ALTER TABLE publications DROP CONSTRAINT publications_status_check;
ALTER TABLE publications ADD CONSTRAINT publications_status_check
  CHECK (status IN ('构建中', '待发布', '已发布', '已放弃', '失败'));
ALTER TABLE publications ADD COLUMN switched_at timestamptz;
ALTER TABLE publications ADD COLUMN error text;
-- One build at a time, whichever process starts it (web or npm run publish).
CREATE UNIQUE INDEX publications_one_building ON publications ((true)) WHERE status = '构建中';
