-- The whole schema, generated from db/migrations by `npm run db:schema`. Do not edit: write a
-- new migration instead. Migrations are applied in order, each in its own transaction.

-- ==============================================================================================
-- 0001_domain_schema.sql
-- ==============================================================================================

-- 0001: the whole domain schema. Constraints live here, in SQL, as well as in src/domain:
-- the database refuses what the rules forbid even if application code has a bug.

-- Administrative regions (GB/T 2260 codes; 9/12 digits for townships and villages).
CREATE TABLE regions (
  code        text PRIMARY KEY CHECK (code ~ '^[1-8][0-9]{5}([0-9]{3}([0-9]{3})?)?$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  level       smallint NOT NULL CHECK (level BETWEEN 1 AND 5), -- 1 省 2 市 3 县区 4 乡镇街道 5 村
  parent_code text REFERENCES regions(code)
);
CREATE INDEX regions_parent ON regions(parent_code);

CREATE TABLE institutions (
  id                   bigserial PRIMARY KEY,
  -- Short stable public code: the /i/{code}/ URL and the QR code. Never reused.
  code                 text NOT NULL UNIQUE CHECK (code ~ '^[0-9A-Z]{4,12}$'),
  registration_no      text NOT NULL UNIQUE CHECK (length(registration_no) BETWEEN 1 AND 40), -- 登记号
  uscc                 text UNIQUE CHECK (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$'), -- 统一社会信用代码
  name                 text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  type                 text NOT NULL DEFAULT '其他' CHECK (type IN (
                         '医院','中医医院','妇幼保健院','卫生院','社区卫生服务中心','社区卫生服务站',
                         '门诊部','诊所','中医诊所','村卫生室','医务室','专科疾病防治机构','急救中心','其他')),
  hospital_grade       text CHECK (length(hospital_grade) <= 20),  -- 三级甲等 … 未定级
  ownership            text CHECK (length(ownership) <= 30),       -- 所有制 / 经营性质
  address              text CHECK (length(address) <= 200),
  region_code          text REFERENCES regions(code),
  legal_representative text CHECK (length(legal_representative) <= 50),
  principal            text CHECK (length(principal) <= 50),       -- 主要负责人
  departments          text[] NOT NULL DEFAULT '{}',               -- 诊疗科目
  license_valid_from   date,
  license_valid_to     date CHECK (license_valid_to IS NULL OR license_valid_from IS NULL OR license_valid_to >= license_valid_from),
  status               text NOT NULL DEFAULT '执业' CHECK (status IN ('执业','歇业','注销','吊销')),
  risk_grade           text CHECK (risk_grade IN ('高','中','低')),
  supervising_unit     text CHECK (length(supervising_unit) <= 100),
  complaint_phone      text CHECK (length(complaint_phone) <= 30),
  -- The 公示栏 poster version printed with the QR (?v=N); bumped when the printed level changes.
  poster_version       integer NOT NULL DEFAULT 1 CHECK (poster_version >= 1),
  created_at           timestamptz NOT NULL DEFAULT now(),
  updated_at           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX institutions_region ON institutions(region_code);
CREATE INDEX institutions_type ON institutions(type);

CREATE TABLE staff (
  id                bigserial PRIMARY KEY,
  institution_id    bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
  name              text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  profession        text NOT NULL CHECK (profession IN ('医师','助理医师','乡村医生','护士','药师','技师','其他')),
  practice_category text CHECK (length(practice_category) <= 30), -- 执业类别: 临床、中医、口腔、公共卫生
  practice_scope    text CHECK (length(practice_scope) <= 100),   -- 执业范围
  certificate_no    text CHECK (length(certificate_no) <= 40),    -- 执业证书编码 (masked on public pages)
  title             text CHECK (length(title) <= 30),
  active            boolean NOT NULL DEFAULT true,
  UNIQUE (institution_id, certificate_no)
);
CREATE INDEX staff_institution ON staff(institution_id);

-- 依法执业承诺 (seed 001 part 3, seed 002/004 commitment letters).
CREATE TABLE commitments (
  id             bigserial PRIMARY KEY,
  institution_id bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
  year           smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  signed_on      date NOT NULL,
  signatory      text CHECK (length(signatory) <= 50),
  body           text NOT NULL CHECK (length(body) <= 4000),
  UNIQUE (institution_id, year)
);

-- Yearly credit evaluation (seed 001). The inputs are kept so levels can be recomputed.
CREATE TABLE evaluations (
  id                         bigserial PRIMARY KEY,
  institution_id             bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
  year                       smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  jurisdiction_code          text REFERENCES regions(code),  -- the evaluating authority (属地管理): the 10 % cut is per jurisdiction
  actual_score               numeric(5,2) NOT NULL CHECK (actual_score >= 0 AND actual_score <= 100),
  reasonable_missing         numeric(5,2) NOT NULL DEFAULT 0 CHECK (reasonable_missing >= 0 AND reasonable_missing < 100),
  double_star_not_met        smallint NOT NULL DEFAULT 0 CHECK (double_star_not_met >= 0),
  single_star_not_met        smallint NOT NULL DEFAULT 0 CHECK (single_star_not_met >= 0),
  penalties_count            smallint NOT NULL DEFAULT 0 CHECK (penalties_count >= 0),
  conduct_violation          boolean NOT NULL DEFAULT false, -- 行风违规
  serious_violation          boolean NOT NULL DEFAULT false, -- 严重违法或严重社会影响
  establishment_noncompliant boolean NOT NULL DEFAULT false, -- 设置不符合规定
  validation_suspended       boolean NOT NULL DEFAULT false, -- 暂缓校验
  major_accident             boolean NOT NULL DEFAULT false, -- 重大医疗事故负完全责任
  safety_accident            boolean NOT NULL DEFAULT false, -- 安全生产消防事故
  public_health_score        numeric(5,2) CHECK (public_health_score BETWEEN 0 AND 100), -- NULL: not assessed
  item_scores                jsonb NOT NULL DEFAULT '[]',    -- breakdown by evaluation item
  standardized_score         numeric(5,2) NOT NULL CHECK (standardized_score BETWEEN 0 AND 100),
  score_level                text NOT NULL CHECK (score_level IN ('优秀','合格','差')), -- by score alone
  level                      text NOT NULL CHECK (level IN ('优秀','合格','差')),       -- after vetoes and the 10 % cut
  reasons                    text[] NOT NULL DEFAULT '{}',
  evaluated_on               date NOT NULL,
  review_status              text NOT NULL DEFAULT '无' CHECK (review_status IN ('无','复核中','已复核')),
  CHECK (actual_score <= 100 - reasonable_missing),
  UNIQUE (institution_id, year)
);
CREATE INDEX evaluations_year_level ON evaluations(year, level);

-- Downgrade during the year (seed 001 信用级别变动): re-scored within 5 days, 降级通知书.
CREATE TABLE downgrades (
  id              bigserial PRIMARY KEY,
  evaluation_id   bigint NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
  decided_on      date NOT NULL,
  notice_no       text NOT NULL UNIQUE CHECK (length(notice_no) BETWEEN 1 AND 60),
  from_level      text NOT NULL CHECK (from_level IN ('优秀','合格','差')),
  to_level        text NOT NULL CHECK (to_level IN ('合格','差')),
  new_score       numeric(5,2) CHECK (new_score BETWEEN 0 AND 100),
  reason          text NOT NULL CHECK (length(reason) <= 500),
  CHECK (from_level <> to_level AND NOT (from_level = '差'))
);

-- Supervisors (卫生监督员 / 科室) and their districts.
CREATE TABLE supervisors (
  id             bigserial PRIMARY KEY,
  username       text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{3,40}$'),
  display_name   text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
  department     text CHECK (length(department) <= 50),
  password_hash  text NOT NULL,
  role           text NOT NULL CHECK (role IN ('admin','district','viewer')),
  active         boolean NOT NULL DEFAULT true,
  failed_logins  integer NOT NULL DEFAULT 0,
  locked_until   timestamptz,
  created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE supervisor_regions (
  supervisor_id bigint NOT NULL REFERENCES supervisors(id) ON DELETE CASCADE,
  region_code   text NOT NULL REFERENCES regions(code),
  PRIMARY KEY (supervisor_id, region_code)
);

CREATE TABLE sessions (
  id_hash       text PRIMARY KEY,        -- sha256 of the cookie value; the raw id is never stored
  supervisor_id bigint NOT NULL REFERENCES supervisors(id) ON DELETE CASCADE,
  csrf_token    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL,    -- absolute timeout
  ip            text,
  user_agent    text
);
CREATE INDEX sessions_supervisor ON sessions(supervisor_id);

-- Administrative penalties (行政处罚), shown publicly until shown_until.
CREATE TABLE penalties (
  id             bigserial PRIMARY KEY,
  institution_id bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
  staff_id       bigint REFERENCES staff(id) ON DELETE SET NULL,
  decision_no    text NOT NULL UNIQUE CHECK (length(decision_no) BETWEEN 1 AND 60), -- 处罚决定书文号
  decided_on     date NOT NULL,
  violation      text NOT NULL CHECK (length(violation) <= 1000),
  basis          text NOT NULL CHECK (length(basis) <= 1000),
  penalty        text NOT NULL CHECK (length(penalty) <= 500),
  fine_yuan      numeric(12,2) CHECK (fine_yuan >= 0),
  shown_until    date NOT NULL,
  CHECK (shown_until >= decided_on)
);
CREATE INDEX penalties_institution ON penalties(institution_id);

-- Complaints (投诉举报) and their history.
CREATE TABLE complaints (
  id                   bigserial PRIMARY KEY,
  tracking_no          text NOT NULL UNIQUE,
  query_code_hash      text NOT NULL,
  channel              text NOT NULL DEFAULT 'web' CHECK (channel IN ('web','api','12345','other')),
  institution_id       bigint REFERENCES institutions(id),
  unlisted_name        text CHECK (length(unlisted_name) <= 100),    -- institution not listed (unlicensed practice)
  unlisted_address     text CHECK (length(unlisted_address) <= 200),
  region_code          text REFERENCES regions(code),                -- jurisdiction for supervisors
  category             text NOT NULL CHECK (length(category) <= 30),
  subcategory          text CHECK (length(subcategory) <= 60),
  description          text NOT NULL CHECK (length(description) BETWEEN 1 AND 5000),
  occurred_on          date,
  anonymous            boolean NOT NULL,
  complainant_name_enc bytea,   -- AES-256-GCM; never on a public page
  complainant_phone_enc bytea,
  status               text NOT NULL DEFAULT '待受理' CHECK (status IN ('待受理','不予受理','已受理','调查中','已办结')),
  assigned_to          bigint REFERENCES supervisors(id),
  outcome              text CHECK (outcome IN ('查实','部分查实','不属实','非本辖区','重复')),
  duplicate_of         bigint REFERENCES complaints(id),
  findings             text CHECK (length(findings) <= 5000),
  feedback             text CHECK (length(feedback) <= 2000),  -- seen by the real-name complainant
  reject_reason        text CHECK (length(reject_reason) <= 1000),
  received_at          timestamptz NOT NULL DEFAULT now(),
  accept_due           date NOT NULL,
  close_due            date NOT NULL,
  accepted_at          timestamptz,
  closed_at            timestamptz,
  pii_purged_at        timestamptz,
  CHECK (institution_id IS NOT NULL OR unlisted_name IS NOT NULL),
  CHECK (anonymous OR pii_purged_at IS NOT NULL OR (complainant_name_enc IS NOT NULL AND complainant_phone_enc IS NOT NULL)),
  CHECK ((status = '已办结') = (outcome IS NOT NULL)),
  CHECK (outcome IS DISTINCT FROM '重复' OR duplicate_of IS NOT NULL),
  CHECK (status <> '不予受理' OR reject_reason IS NOT NULL)
);
CREATE INDEX complaints_status ON complaints(status, received_at DESC);
CREATE INDEX complaints_institution ON complaints(institution_id);
CREATE INDEX complaints_region ON complaints(region_code);

CREATE TABLE complaint_photos (
  id           bigserial PRIMARY KEY,
  complaint_id bigint NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,
  content      bytea NOT NULL,                 -- re-encoded, metadata stripped
  mime         text NOT NULL CHECK (mime IN ('image/jpeg','image/png','image/webp')),
  width        integer NOT NULL CHECK (width > 0),
  height       integer NOT NULL CHECK (height > 0)
);
CREATE INDEX complaint_photos_complaint ON complaint_photos(complaint_id);

CREATE TABLE complaint_events (
  id           bigserial PRIMARY KEY,
  complaint_id bigint NOT NULL REFERENCES complaints(id) ON DELETE CASCADE,
  at           timestamptz NOT NULL DEFAULT now(),
  actor_id     bigint REFERENCES supervisors(id),
  action       text NOT NULL CHECK (length(action) <= 30),
  from_status  text,
  to_status    text,
  note         text CHECK (length(note) <= 5000)
);
CREATE INDEX complaint_events_complaint ON complaint_events(complaint_id, at);

-- Bad-practice points (seed 000) and appeals. Never deleted: an upheld appeal voids a record.
CREATE TABLE point_records (
  id                  bigserial PRIMARY KEY,
  institution_id      bigint NOT NULL REFERENCES institutions(id),
  staff_id            bigint REFERENCES staff(id),  -- NULL: against the institution
  behaviour           text NOT NULL CHECK (length(behaviour) BETWEEN 1 AND 500),
  points              smallint NOT NULL CHECK (points > 0 AND points <= 12),
  source              text NOT NULL CHECK (source IN ('监督检查','校验','质控','投诉举报','行政处罚','其他')),
  source_complaint_id bigint REFERENCES complaints(id),
  department          text CHECK (length(department) <= 50),  -- who recorded it (谁检查谁记分)
  recorded_by         bigint REFERENCES supervisors(id),
  found_on            date NOT NULL,
  notice_served_on    date,   -- 记分通知书 sent
  notice_received_on  date,
  status              text NOT NULL DEFAULT '有效' CHECK (status IN ('有效','申诉中','已撤销')),
  voided_on           date,
  void_reason         text,
  CHECK ((status = '已撤销') = (voided_on IS NOT NULL))
);
CREATE INDEX point_records_institution ON point_records(institution_id, found_on);

CREATE TABLE point_appeals (
  id              bigserial PRIMARY KEY,
  point_record_id bigint NOT NULL REFERENCES point_records(id),
  received_on     date NOT NULL,
  accepted_on     date,
  decision_due    date,
  decided_on      date,
  decision        text CHECK (decision IN ('维持','撤销')),
  reason          text CHECK (length(reason) <= 1000),
  CHECK ((decision IS NULL) = (decided_on IS NULL))
);

-- Self-inspection results (seed 004).
CREATE TABLE self_inspections (
  id             bigserial PRIMARY KEY,
  institution_id bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
  inspected_on   date NOT NULL,
  result         text NOT NULL CHECK (result IN ('合格','基本合格','不合格')),
  findings       text CHECK (length(findings) <= 2000),
  rectified      boolean,
  UNIQUE (institution_id, inspected_on)
);

-- Serious-dishonesty list (严重失信名单, seed 004).
CREATE TABLE serious_dishonesty (
  id             bigserial PRIMARY KEY,
  institution_id bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
  listed_on      date NOT NULL,
  decision_no    text NOT NULL CHECK (length(decision_no) <= 60),
  reason         text NOT NULL CHECK (length(reason) <= 1000),
  removed_on     date CHECK (removed_on IS NULL OR removed_on >= listed_on)
);

-- Ratings (评价). Comments are public only after moderation; the original is kept.
CREATE TABLE ratings (
  id                bigserial PRIMARY KEY,
  institution_id    bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
  stars             smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
  comment           text CHECK (length(comment) <= 500),
  comment_public    text,  -- redacted text, set on approval
  comment_status    text NOT NULL DEFAULT '无' CHECK (comment_status IN ('无','待审核','已公开','已隐藏')),
  moderation_reason text,
  moderated_by      bigint REFERENCES supervisors(id),
  device_hash       text NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ratings_institution ON ratings(institution_id);
CREATE INDEX ratings_device ON ratings(institution_id, device_hash, created_at);

-- Idempotency: the first answer to a key is stored and replayed.
CREATE TABLE idempotency_keys (
  key         text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
  scope       text NOT NULL,
  status      smallint NOT NULL,
  response    jsonb NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Rate limits shared by all server processes.
CREATE TABLE rate_limits (
  key          text NOT NULL,
  window_start timestamptz NOT NULL,
  count        integer NOT NULL DEFAULT 0,
  PRIMARY KEY (key, window_start)
);

-- Work for supervisors (notifications), written in the same transaction as the complaint.
CREATE TABLE outbox (
  id         bigserial PRIMARY KEY,
  topic      text NOT NULL,
  payload    jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  attempts   integer NOT NULL DEFAULT 0,
  done_at    timestamptz
);
CREATE INDEX outbox_pending ON outbox(id) WHERE done_at IS NULL;

-- Audit log: append-only (a trigger refuses UPDATE and DELETE).
CREATE TABLE audit_log (
  id          bigserial PRIMARY KEY,
  at          timestamptz NOT NULL DEFAULT now(),
  actor_id    bigint REFERENCES supervisors(id),
  actor_name  text,
  action      text NOT NULL,
  target_kind text,
  target_id   text,
  reason      text,
  detail      jsonb NOT NULL DEFAULT '{}',
  ip          text
);
CREATE INDEX audit_log_at ON audit_log(at DESC);
CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();

-- Publications of the static site.
CREATE TABLE publications (
  id           bigserial PRIMARY KEY,
  release_id   text NOT NULL UNIQUE,
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  published_by bigint REFERENCES supervisors(id),
  status       text NOT NULL DEFAULT '构建中' CHECK (status IN ('构建中','已发布','失败')),
  summary      jsonb NOT NULL DEFAULT '{}'
);

-- What the data in this database is (a demo database says so on every page).
CREATE TABLE site_settings (
  key   text PRIMARY KEY,
  value jsonb NOT NULL
);

-- ==============================================================================================
-- 0002_supervisor_area.sql
-- ==============================================================================================

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

-- ==============================================================================================
-- 0003_import_batches.sql
-- ==============================================================================================

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

-- ==============================================================================================
-- 0004_official_documents.sql
-- ==============================================================================================

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

-- ==============================================================================================
-- 0005_evaluation_approval.sql
-- ==============================================================================================

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

-- ==============================================================================================
-- 0006_downgrade_lifecycle.sql
-- ==============================================================================================

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

-- ==============================================================================================
-- 0007_rectifications_reviews.sql
-- ==============================================================================================

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

-- ==============================================================================================
-- 0008_dishonesty_cases_status.sql
-- ==============================================================================================

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

-- ==============================================================================================
-- 0009_complaint_reviews.sql
-- ==============================================================================================

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

-- ==============================================================================================
-- 0010_inspections.sql
-- ==============================================================================================

-- 0010: issue 13 (inspections). The shared core, written before the work was split in two:
--  * inspectors are supervisors with a 执法证号 and a home township (a 双随机 draw excludes
--    inspectors of the institution's own township and those on the recusal list);
--  * inspection records (at least two inspectors, kind, findings from the seed-002 list of
--    fifteen problems plus free text, result, what followed as links to existing records);
--  * 双随机 draws: the seed hash is published before the draw, the seed revealed after it, so
--    anyone can recompute the list (src/domain/draw.ts, `npm run draw:verify`).
-- Later migrations of the same issue may add columns; these tables are the contract.

ALTER TABLE supervisors
  ADD COLUMN enforcement_no   text CHECK (length(enforcement_no) BETWEEN 1 AND 40),   -- 执法证号
  ADD COLUMN home_region_code text REFERENCES regions(code);                          -- township (乡镇街道) lived/worked in

-- Inspectors who must not inspect an institution (回避: relatives, former employer …).
CREATE TABLE inspector_recusals (
  supervisor_id  bigint NOT NULL REFERENCES supervisors(id) ON DELETE CASCADE,
  institution_id bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
  reason         text NOT NULL CHECK (length(btrim(reason)) BETWEEN 1 AND 500),
  created_by     bigint REFERENCES supervisors(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (supervisor_id, institution_id)
);

-- 双随机 draws --------------------------------------------------------------------------------

CREATE TABLE draws (
  id                bigserial PRIMARY KEY,
  year              smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  title             text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 100),
  -- 双随机: institutions + inspectors; 自查材料调取: self-inspection files to review (seed 002 50 % / ≥ 20 %);
  -- 现场核查: institutions for on-site checks among those whose files were reviewed (≥ 20 %).
  kind              text NOT NULL CHECK (kind IN ('双随机','自查材料调取','现场核查')),
  region_code       text REFERENCES regions(code),             -- the jurisdiction drawn from (NULL: all)
  -- The plan as published: strata with their ratios/counts, inspectors per item, the pool rules.
  plan              jsonb NOT NULL DEFAULT '{}',
  algorithm         text NOT NULL DEFAULT 'draw-v1',            -- documented in docs/inspections.md
  seed_hash         text CHECK (seed_hash ~ '^[0-9a-f]{64}$'),  -- SHA-256 of the seed, published first
  seed              text CHECK (length(seed) BETWEEN 16 AND 200),
  -- The exact input list (institutions and inspectors with their attributes) frozen when the hash
  -- is published, so a re-run sees the same candidates whatever changes afterwards.
  candidates        jsonb,
  state             text NOT NULL DEFAULT 'planned' CHECK (state IN ('planned','hash-published','drawn','published','cancelled')),
  parent_draw_id    bigint REFERENCES draws(id),                -- 现场核查 drawn from a 自查材料调取 draw
  hash_published_at timestamptz,
  drawn_at          timestamptz,
  published_at      timestamptz,                                -- results public (/inspections/{id}/)
  created_by        bigint REFERENCES supervisors(id),
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (state = 'planned' OR state = 'cancelled' OR seed_hash IS NOT NULL),
  CHECK (state NOT IN ('drawn','published') OR seed IS NOT NULL)
);
CREATE INDEX draws_year ON draws(year);

CREATE TABLE draw_items (
  id             bigserial PRIMARY KEY,
  draw_id        bigint NOT NULL REFERENCES draws(id) ON DELETE CASCADE,
  position       integer NOT NULL CHECK (position >= 1),
  institution_id bigint NOT NULL REFERENCES institutions(id),
  stratum        text NOT NULL CHECK (length(stratum) BETWEEN 1 AND 100),   -- e.g. 优秀|高|诊所
  UNIQUE (draw_id, position),
  UNIQUE (draw_id, institution_id)
);
CREATE INDEX draw_items_institution ON draw_items(institution_id);

CREATE TABLE draw_item_inspectors (
  draw_item_id  bigint NOT NULL REFERENCES draw_items(id) ON DELETE CASCADE,
  supervisor_id bigint NOT NULL REFERENCES supervisors(id),
  position      smallint NOT NULL CHECK (position >= 1),
  PRIMARY KEY (draw_item_id, supervisor_id)
);

-- Inspection records --------------------------------------------------------------------------

CREATE TABLE inspections (
  id             bigserial PRIMARY KEY,
  institution_id bigint NOT NULL REFERENCES institutions(id),
  inspected_on   date NOT NULL,
  kind           text NOT NULL CHECK (kind IN ('双随机','日常','专项','投诉核查','回头看','飞行检查')),
  -- Codes 1..15 of the seed-002 list of 突出问题 (src/domain/inspection-findings.ts).
  finding_codes  smallint[] NOT NULL DEFAULT '{}' CHECK (finding_codes <@ ARRAY[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]::smallint[]),
  findings_text  text CHECK (length(findings_text) <= 5000),
  result         text NOT NULL CHECK (result IN ('未发现问题','责令改正','限期整改','立案查处')),
  draw_item_id   bigint UNIQUE REFERENCES draw_items(id),       -- the 双随机 item it carries out
  complaint_id   bigint REFERENCES complaints(id),              -- 投诉核查
  recorded_by    bigint REFERENCES supervisors(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  CHECK (complaint_id IS NULL OR kind = '投诉核查')
);
CREATE INDEX inspections_institution ON inspections(institution_id, inspected_on);
CREATE INDEX inspections_on ON inspections(inspected_on);
CREATE INDEX inspections_complaint ON inspections(complaint_id) WHERE complaint_id IS NOT NULL;

CREATE TABLE inspection_inspectors (
  inspection_id bigint NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  supervisor_id bigint NOT NULL REFERENCES supervisors(id),
  PRIMARY KEY (inspection_id, supervisor_id)
);

-- What followed an inspection: links to records that already have their own tables.
CREATE TABLE inspection_follow_ups (
  inspection_id bigint NOT NULL REFERENCES inspections(id) ON DELETE CASCADE,
  kind          text NOT NULL CHECK (kind IN ('rectification','point','penalty','downgrade')),
  record_id     bigint NOT NULL,
  PRIMARY KEY (inspection_id, kind, record_id)
);

-- ==============================================================================================
-- 0011_clinic_page_portal.sql
-- ==============================================================================================

-- 0011: issue 15 (the clinic's own page and the institution portal). The shared core, written
-- before the work was split in two (page items / portal); later migrations may add columns.
--  * 放射诊疗许可证 and radiation equipment ("扫一扫就监督", seed 004), each device with a label code;
--  * board completeness: 诊疗时间, 价格公示 (items or an official link), 中医（专长）治疗方法,
--    staff 依法执业承诺 (双承诺), self-inspection kind (yearly full / quarterly routine, seed 004);
--  * the institution portal: one or more accounts per institution (activated by a one-time
--    link), its own sessions, and submissions that wait for a supervisor's approval before
--    anything is published; the right of reply to a level or a penalty.

-- Radiology --------------------------------------------------------------------------------------

CREATE TABLE radiology_licences (
  institution_id bigint PRIMARY KEY REFERENCES institutions(id) ON DELETE CASCADE,
  licence_no     text NOT NULL CHECK (length(btrim(licence_no)) BETWEEN 1 AND 60),   -- 放射诊疗许可证号
  valid_from     date,
  valid_to       date CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from),
  scope          text NOT NULL CHECK (length(btrim(scope)) BETWEEN 1 AND 500)       -- 许可项目
);

CREATE TABLE radiation_devices (
  id              bigserial PRIMARY KEY,
  institution_id  bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
  -- Stable per institution: the device's anchor (#device-{code}) and its QR label.
  code            text NOT NULL CHECK (code ~ '^[0-9A-Z]{1,12}$'),
  device_type     text NOT NULL CHECK (length(btrim(device_type)) BETWEEN 1 AND 60),  -- CT, DR, 牙片机 …
  model           text CHECK (length(model) <= 100),
  room            text CHECK (length(room) <= 60),
  last_tested_on  date,                                   -- last 检测 / 状态检测
  test_result     text CHECK (test_result IN ('合格','不合格')),
  status          text NOT NULL DEFAULT '在用' CHECK (status IN ('在用','停用','报废')),
  UNIQUE (institution_id, code)
);

-- Board completeness -----------------------------------------------------------------------------

ALTER TABLE institutions
  ADD COLUMN opening_hours text CHECK (length(opening_hours) <= 500),   -- 诊疗时间, free text as posted
  ADD COLUMN price_url     text CHECK (price_url ~ '^https?://' AND length(price_url) <= 500); -- official 收费公示

CREATE TABLE institution_prices (
  id             bigserial PRIMARY KEY,
  institution_id bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
  item           text NOT NULL CHECK (length(btrim(item)) BETWEEN 1 AND 100),
  unit           text CHECK (length(unit) <= 20),
  price_cents    integer NOT NULL CHECK (price_cents >= 0),
  note           text CHECK (length(note) <= 200),
  position       smallint NOT NULL DEFAULT 1,
  UNIQUE (institution_id, item)
);

-- 中医（专长）医师: the treatment methods beside the scope (seed 002 问题十五).
ALTER TABLE staff ADD COLUMN treatment_methods text CHECK (length(treatment_methods) <= 300);

-- 双承诺: each staff member's own 依法执业承诺 beside the institution's (seed 004).
CREATE TABLE staff_commitments (
  staff_id  bigint NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
  year      smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
  signed_on date NOT NULL,
  body      text CHECK (length(body) <= 2000),   -- NULL: the standard text for the year
  PRIMARY KEY (staff_id, year)
);

-- Self-inspection cadence (seed 004: yearly full, quarterly routine).
ALTER TABLE self_inspections
  ADD COLUMN kind text NOT NULL DEFAULT '年度全面' CHECK (kind IN ('年度全面','季度常规'));

-- Institution portal -----------------------------------------------------------------------------

CREATE TABLE portal_accounts (
  id                    bigserial PRIMARY KEY,
  institution_id        bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
  username              text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{3,40}$'),
  display_name          text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 50),
  password_hash         text,                      -- NULL until activated
  activation_token_hash text UNIQUE,               -- sha256 of the one-time link's token
  activation_expires_at timestamptz,
  activated_at          timestamptz,
  active                boolean NOT NULL DEFAULT true,
  failed_logins         integer NOT NULL DEFAULT 0,
  locked_until          timestamptz,
  created_by            bigint REFERENCES supervisors(id),
  created_at            timestamptz NOT NULL DEFAULT now(),
  CHECK (password_hash IS NOT NULL OR activation_token_hash IS NOT NULL OR NOT active)
);
CREATE INDEX portal_accounts_institution ON portal_accounts(institution_id);

CREATE TABLE portal_sessions (
  id_hash      text PRIMARY KEY,                  -- sha256 of the cookie value
  account_id   bigint NOT NULL REFERENCES portal_accounts(id) ON DELETE CASCADE,
  csrf_token   text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL
);
CREATE INDEX portal_sessions_account ON portal_sessions(account_id);

-- What an institution submits. Nothing is published until a supervisor approves it; the
-- approval writes the payload into its own table (self_inspections, rectification report,
-- opening hours / prices, staff_commitments, institution_replies) in the same transaction.
CREATE TABLE portal_submissions (
  id             bigserial PRIMARY KEY,
  institution_id bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
  account_id     bigint NOT NULL REFERENCES portal_accounts(id),
  kind           text NOT NULL CHECK (kind IN ('self-inspection','rectification-report','hours-prices','staff-commitments','reply')),
  payload        jsonb NOT NULL,
  state          text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','approved','rejected','withdrawn')),
  submitted_at   timestamptz NOT NULL DEFAULT now(),
  decided_by     bigint REFERENCES supervisors(id),
  decided_at     timestamptz,
  decision_reason text CHECK (length(decision_reason) <= 1000),
  CHECK ((state IN ('pending','withdrawn')) = (decided_at IS NULL)),
  CHECK (state <> 'rejected' OR length(btrim(decision_reason)) > 0)
);
CREATE INDEX portal_submissions_institution ON portal_submissions(institution_id, submitted_at DESC);
CREATE INDEX portal_submissions_pending ON portal_submissions(submitted_at) WHERE state = 'pending';

-- 回应 (right of reply): the institution's published answer beside its level or a penalty.
CREATE TABLE institution_replies (
  id             bigserial PRIMARY KEY,
  institution_id bigint NOT NULL REFERENCES institutions(id) ON DELETE CASCADE,
  subject_kind   text NOT NULL CHECK (subject_kind IN ('evaluation','penalty')),
  subject_id     bigint NOT NULL,
  body           text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 1000),
  submission_id  bigint REFERENCES portal_submissions(id),
  published_on   date NOT NULL,
  withdrawn_on   date,
  UNIQUE (subject_kind, subject_id, submission_id)
);
CREATE INDEX institution_replies_institution ON institution_replies(institution_id);

-- ==============================================================================================
-- 0012_api_clients.sql
-- ==============================================================================================

-- 0012: issue 14 (integrations). The shared core, written before the work was split in two:
--  * API clients: the systems that forward complaints (12345, 政务App, 信访 …), each with a hashed
--    key, its own rate limit and an optional callback URL for status changes (HMAC-signed);
--  * every complaint records the client it came from and its channel;
--  * a real-name complainant may leave an e-mail address for notifications (encrypted like the
--    name and phone, purged with them).
-- The job queue itself is pg-boss, which keeps its own schema (pgboss); later migrations of the
-- issue add their own tables (delivery ledger, export ledger …).

CREATE TABLE api_clients (
  id                    bigserial PRIMARY KEY,
  name                  text NOT NULL UNIQUE CHECK (length(btrim(name)) BETWEEN 1 AND 60),
  channel               text NOT NULL CHECK (channel IN ('12345','政务App','信访','api','other')),
  key_prefix            text NOT NULL UNIQUE CHECK (key_prefix ~ '^[A-Za-z0-9]{8}$'), -- shown to tell keys apart
  key_hash              text NOT NULL UNIQUE,            -- sha256 hex of the whole key; the key is shown once
  rate_limit_per_minute integer NOT NULL DEFAULT 60 CHECK (rate_limit_per_minute BETWEEN 1 AND 10000),
  callback_url          text CHECK (callback_url ~ '^https?://' AND length(callback_url) <= 500),
  callback_secret_enc   bytea,                           -- HMAC key, encrypted like personal data
  active                boolean NOT NULL DEFAULT true,
  created_by            bigint REFERENCES supervisors(id),
  created_at            timestamptz NOT NULL DEFAULT now(),
  revoked_at            timestamptz,
  CHECK (callback_url IS NULL OR callback_secret_enc IS NOT NULL)
);

ALTER TABLE complaints DROP CONSTRAINT IF EXISTS complaints_channel_check;
ALTER TABLE complaints
  ADD CONSTRAINT complaints_channel_check CHECK (channel IN ('web','api','12345','政务App','信访','other')),
  ADD COLUMN api_client_id        bigint REFERENCES api_clients(id),
  ADD COLUMN client_request_id    text CHECK (length(client_request_id) <= 100), -- the sender's own number (12345 工单号)
  ADD COLUMN complainant_email_enc bytea;
CREATE INDEX complaints_channel ON complaints(channel, received_at DESC);
CREATE UNIQUE INDEX complaints_client_request ON complaints(api_client_id, client_request_id) WHERE client_request_id IS NOT NULL;

-- ==============================================================================================
-- 0013_job_queue_deliveries.sql
-- ==============================================================================================

-- 0013: issue 14, part A (job queue, notifications, API clients).
-- The queue itself is pg-boss, which installs and migrates its own schema (pgboss) when a worker
-- starts; this migration holds only what the platform itself needs next to it:
--  * deliveries: one row per message that reached its receiver (callback, e-mail, SMS, HTTP push),
--    by idempotency key. A job retried after a crash looks here first, so a message the worker
--    had already delivered is not sent twice, and each key is counted once;
--  * staff_notifications: internal reminders for supervisors (overdue complaints, the quarterly
--    points publication), one per subject and day;
--  * seed 003 (实名举报必须反馈): a real-name complaint cannot be 已办结 without feedback. NOT VALID:
--    complaints closed before this rule are left as they are, every new change is checked.

CREATE TABLE deliveries (
  key          text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
  queue        text NOT NULL,
  target       text NOT NULL CHECK (length(target) <= 500), -- never personal data: 'smtp', 'sms', a URL
  attempts     integer NOT NULL DEFAULT 1,
  delivered_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX deliveries_at ON deliveries(delivered_at DESC);

CREATE TABLE staff_notifications (
  id            bigserial PRIMARY KEY,
  supervisor_id bigint REFERENCES supervisors(id),          -- null: every administrator
  kind          text NOT NULL CHECK (kind IN ('complaint.overdue', 'points.publish')),
  subject       text NOT NULL CHECK (length(subject) <= 100), -- complaint id, quarter …
  message       text NOT NULL CHECK (length(message) <= 500),
  on_day        date NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  read_at       timestamptz,
  UNIQUE NULLS NOT DISTINCT (supervisor_id, kind, subject, on_day)
);

ALTER TABLE complaints
  ADD CONSTRAINT complaints_real_name_feedback
  CHECK (status <> '已办结' OR anonymous OR feedback IS NOT NULL OR pii_purged_at IS NOT NULL) NOT VALID;

-- ==============================================================================================
-- 0014_exports.sql
-- ==============================================================================================

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

-- ==============================================================================================
-- 0015_radiology_import.sql
-- ==============================================================================================

-- 0015: issue 15 part A. The radiology sheet kind (放射诊疗: 许可证 and devices, src/schemas/import-radiology.ts)
-- and the price sheet kind (价格公示, src/schemas/import-prices.ts) are recorded in import_batches like the others, and so is the inspections kind (issue 13).
ALTER TABLE import_batches DROP CONSTRAINT import_batches_kind_check;
ALTER TABLE import_batches ADD CONSTRAINT import_batches_kind_check
  CHECK (kind IN ('regions','institutions','staff','evaluations','penalties','points','commitments','self-inspections','inspections','radiology','prices'));

-- ==============================================================================================
-- 0016_portal_files.sql
-- ==============================================================================================

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

-- ==============================================================================================
-- 0017_security_level3.sql
-- ==============================================================================================

-- Issue 18 (等保 level 3, 密评): a hash chain over the audit log with signed checkpoints and the
-- record of each verification; an application role that may add audit rows but never change them;
-- password history and forced password change for supervisor accounts.

-- The canonical text of one audit row that its hash covers. Defined once, here, and used by the
-- writer (src/db/audit-log.ts), the verifier (scripts/audit-verify.ts) and the back-fill below, so
-- the three can never serialise a row differently. jsonb's text form is already canonical
-- (keys sorted, no insignificant space).
CREATE FUNCTION audit_canonical(p_id bigint, p_at timestamptz, p_actor_id bigint, p_actor_name text, p_action text,
                                p_target_kind text, p_target_id text, p_reason text, p_detail jsonb, p_ip text)
RETURNS text LANGUAGE sql STABLE AS $$
  SELECT json_build_array(p_id::text, to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                          p_actor_id::text, p_actor_name, p_action, p_target_kind, p_target_id, p_reason,
                          p_detail::text, p_ip)::text
$$;

ALTER TABLE audit_log ADD COLUMN prev_hash text, ADD COLUMN hash text, ADD COLUMN hash_alg text;

-- The head of the chain: one row, locked (UPDATE) by every append in the appending transaction,
-- so appends are serialised and each sees the hash its predecessor committed.
CREATE TABLE audit_chain_head (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_id    bigint,
  last_hash  text NOT NULL,
  row_count  bigint NOT NULL
);

-- Rows written before this migration are chained now, in id order, with SHA-256 (PostgreSQL has
-- no SM3; hash_alg records it per row, the verifier follows it). The immutability trigger is set
-- aside for this one back-fill inside the migration's transaction.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
DO $$
DECLARE
  r record;
  prev text := repeat('0', 64);
  n bigint := 0;
  last bigint := NULL;
BEGIN
  FOR r IN SELECT a.id, audit_canonical(a.id, a.at, a.actor_id, a.actor_name, a.action, a.target_kind, a.target_id,
                                        a.reason, a.detail, a.ip) AS c
             FROM audit_log a ORDER BY a.id LOOP
    UPDATE audit_log SET prev_hash = prev, hash = encode(sha256(convert_to(prev || r.c, 'UTF8')), 'hex'), hash_alg = 'sha256'
     WHERE id = r.id RETURNING hash INTO prev;
    n := n + 1;
    last := r.id;
  END LOOP;
  INSERT INTO audit_chain_head (last_id, last_hash, row_count) VALUES (last, prev, n);
END $$;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;
-- Not NOT NULL: a row inserted around writeAudit (by hand, as the owner) is stored, and the
-- verifier names it as not belonging to the chain — which is what it is.
ALTER TABLE audit_log ADD CONSTRAINT audit_log_hash_alg CHECK (hash_alg IN ('sm3', 'sha256'));

-- The first half of an append (src/db/audit-log.ts writeAudit): lock the head, then take the id,
-- and return the predecessor's hash and the row's canonical text; the caller hashes (SM3 is not in
-- PostgreSQL) and inserts. Taking the id only after the lock keeps id order = chain order: a
-- second appender waits on the head row until the first commits or rolls back, then reads the
-- head the first left (READ COMMITTED re-reads a row it waited for) and gets a higher id.
CREATE FUNCTION audit_prepare(p_actor_id bigint, p_actor_name text, p_action text, p_target_kind text,
                              p_target_id text, p_reason text, p_detail jsonb, p_ip text)
RETURNS TABLE (id bigint, prev_hash text, canonical text) LANGUAGE plpgsql AS $$
DECLARE
  v_prev text;
  v_id bigint;
BEGIN
  SELECT h.last_hash INTO STRICT v_prev FROM audit_chain_head h FOR UPDATE;
  v_id := nextval(pg_get_serial_sequence('audit_log', 'id'));
  RETURN QUERY SELECT v_id, v_prev, audit_canonical(v_id, now(), p_actor_id, p_actor_name, p_action, p_target_kind,
                                                    p_target_id, p_reason, p_detail, p_ip);
END $$;

-- Signed checkpoints: the head (hash, count, last id) with an HMAC-SM3 under a key derived from
-- the master key, so someone who rewrites the whole chain cannot also forge the checkpoints.
CREATE TABLE audit_checkpoints (
  id         bigserial PRIMARY KEY,
  at         timestamptz NOT NULL DEFAULT now(),
  last_id    bigint,
  row_count  bigint NOT NULL,
  head_hash  text NOT NULL,
  mac_alg    text NOT NULL,
  mac        text NOT NULL
);

-- Each run of the verifier (the admin audit page shows the last one).
CREATE TABLE audit_verifications (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  ok           boolean NOT NULL,
  rows_checked bigint NOT NULL,
  first_bad_id bigint,
  message      text NOT NULL,
  duration_ms  integer NOT NULL
);
CREATE INDEX audit_verifications_at ON audit_verifications(at DESC);

-- Nobody changes audit rows, checkpoints or verifications through a grant: the trigger refuses it
-- for the owner too (audit_log), and a non-owner role has no UPDATE/DELETE/TRUNCATE to begin with.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_checkpoints, audit_verifications FROM PUBLIC;
CREATE TRIGGER audit_checkpoints_immutable BEFORE UPDATE OR DELETE ON audit_checkpoints
  FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();

-- The application role (docs/security.md, "数据库账户"): what a deployment with an external
-- PostgreSQL grants to the login role in DATABASE_URL (GRANT credit_app TO <login>). It may read
-- and write the application's tables but only INSERT into the audit tables. NOLOGIN: it is a group.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'credit_app') THEN
    CREATE ROLE credit_app NOLOGIN;
  END IF;
END $$;
GRANT USAGE ON SCHEMA public TO credit_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO credit_app;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO credit_app;
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, audit_checkpoints, audit_verifications FROM credit_app;
-- audit_chain_head is updated by every append (the lock that orders the chain).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO credit_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO credit_app;

-- Password history (reuse of the last N passwords is refused) and the forced change of a password
-- an administrator set (a new account or a reset).
CREATE TABLE password_history (
  id            bigserial PRIMARY KEY,
  supervisor_id bigint NOT NULL REFERENCES supervisors(id) ON DELETE CASCADE,
  password_hash text NOT NULL,
  set_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX password_history_supervisor ON password_history(supervisor_id, set_at DESC);
ALTER TABLE supervisors ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;

-- One's own login history (/admin/account) reads the audit log by account id (audit_log_actor)
-- or, for attempts on a name with no account behind them, by that name.
CREATE INDEX audit_log_login_name ON audit_log(actor_name, at DESC) WHERE action IN ('login', 'login.failed', 'login.locked');

-- ==============================================================================================
-- 0018_counties.sql
-- ==============================================================================================

-- 0018: several counties on one deployment (issue 16 item 3). A province or prefecture runs one
-- instance; each county (regions.level = 3) has its own commission, contacts and document-number
-- prefix, and its own administrators. docs/scale.md, "Several counties on one deployment".

-- County settings: what a county's public pages and notices name. A county without a row keeps
-- the deployment-wide identity (site_settings 'dataset' and SITE_* variables), so a single-county
-- deployment looks exactly as before.
CREATE TABLE county_settings (
  region_code       text PRIMARY KEY REFERENCES regions(code),
  commission_name   text NOT NULL CHECK (length(commission_name) BETWEEN 2 AND 60),
  supervising_unit  text CHECK (length(supervising_unit) BETWEEN 2 AND 80),
  complaint_phone   text CHECK (complaint_phone ~ '^[0-9][0-9-]{4,19}$'),
  contact_phone     text CHECK (contact_phone ~ '^[0-9][0-9-]{4,19}$'),
  contact_address   text CHECK (length(contact_address) BETWEEN 2 AND 100),
  -- The abbreviation in notice numbers (青禾卫健降〔2026〕1号): 2–10 Chinese characters.
  document_abbr     text NOT NULL CHECK (document_abbr ~ '^[\u4e00-\u9fff]{2,10}$'),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  updated_by        bigint REFERENCES supervisors(id)
);

CREATE FUNCTION county_settings_level() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM regions WHERE code = NEW.region_code AND level = 3) THEN
    RAISE EXCEPTION 'county_settings: % is not a county (level 3)', NEW.region_code USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER county_settings_level BEFORE INSERT OR UPDATE ON county_settings FOR EACH ROW EXECUTE FUNCTION county_settings_level();

-- The county a region lies in (itself for a county; NULL above the county level or unknown).
CREATE FUNCTION region_county(p_code text) RETURNS text
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE up(code, parent_code, level) AS (
    SELECT r.code, r.parent_code, r.level FROM regions r WHERE r.code = p_code
    UNION ALL
    SELECT r.code, r.parent_code, r.level FROM regions r JOIN up ON r.code = up.parent_code WHERE up.level > 3
  )
  SELECT code FROM up WHERE level = 3
$$;

-- Reading everything: an administrator with NO region assigned (the province or single-county
-- administrator, as before), and viewers with no region. An administrator WITH regions is a county
-- administrator: scoped through supervisor_region_scope exactly like a district account, so every
-- read path that joins these two functions (complaints, institutions, points, documents, draws …)
-- is limited to their county without a change of its own.
CREATE OR REPLACE FUNCTION supervisor_sees_all(actor bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT EXISTS (
    SELECT 1 FROM supervisors s
     WHERE s.id = actor AND s.active AND s.role IN ('admin', 'viewer')
       AND NOT EXISTS (SELECT 1 FROM supervisor_regions sr WHERE sr.supervisor_id = s.id))
$$;

-- Whether every given region lies in the actor's jurisdiction (an empty list only for one who sees all).
CREATE FUNCTION supervisor_covers(actor bigint, codes text[]) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT supervisor_sees_all(actor)
      OR (cardinality(codes) > 0 AND NOT EXISTS (
            SELECT 1 FROM unnest(codes) c(code) WHERE c.code NOT IN (SELECT code FROM supervisor_region_scope(actor))))
$$;

-- Whether an administrator may manage an account: the province administrator any; a county
-- administrator only accounts whose regions all lie in their county (never a province
-- administrator, who has no region, nor an account of another county).
CREATE FUNCTION supervisor_manages(actor bigint, target bigint) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT supervisor_has_role(actor, '{admin}')
     AND supervisor_covers(actor, coalesce((SELECT array_agg(region_code) FROM supervisor_regions WHERE supervisor_id = target), '{}'))
$$;

-- Official notices are numbered per county: its own prefix and its own yearly sequence. Notices
-- issued before this migration keep their deployment-wide numbers (county_code NULL).
ALTER TABLE official_documents ADD COLUMN county_code text REFERENCES regions(code);
ALTER TABLE official_documents DROP CONSTRAINT official_documents_kind_year_sequence_key;
CREATE UNIQUE INDEX official_documents_county_sequence ON official_documents (coalesce(county_code, ''), kind, year, sequence);

-- ==============================================================================================
-- 0019_publish_changes.sql
-- ==============================================================================================

-- Issue 16 (incremental publish): which institutions' public inputs changed since a release.
-- Every table whose rows feed public pages records, per statement, the institutions it touched
-- (institution_id NULL: a table that feeds pages without belonging to one institution, a
-- "global" change, which makes the next publish a full build). A release stores the last seq it
-- saw before its build started (release.json changeSeq); the next publish reads the rows after it
-- (src/db/publish-changes.ts). Statement-level triggers with transition tables: an import of
-- 100,000 rows writes one INSERT … SELECT DISTINCT, not 100,000 trigger calls.
CREATE TABLE publish_changes (
  seq            bigserial PRIMARY KEY,
  institution_id bigint,
  table_name     text NOT NULL,
  at             timestamptz NOT NULL DEFAULT now()
);

-- TG_ARGV[0]: the column holding the institution id ('id' for institutions itself), or, for a
-- child table, the foreign-key column; TG_ARGV[1] the parent table and TG_ARGV[2] its institution
-- column (e.g. downgrades.evaluation_id → evaluations.institution_id).
CREATE FUNCTION publish_change_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  col text := TG_ARGV[0];
  pick text;
BEGIN
  IF TG_NARGS = 1 THEN
    pick := format('SELECT (%I)::bigint AS iid FROM %%s', col);
  ELSE
    pick := format('SELECT p.%I::bigint AS iid FROM %%s x JOIN %I p ON p.id = x.%I', TG_ARGV[2], TG_ARGV[1], col);
  END IF;
  IF TG_OP = 'INSERT' THEN
    EXECUTE format('INSERT INTO publish_changes (institution_id, table_name) SELECT DISTINCT iid, $1 FROM (' || pick || ') s WHERE iid IS NOT NULL',
                   'publish_new_rows') USING TG_TABLE_NAME;
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE format('INSERT INTO publish_changes (institution_id, table_name) SELECT DISTINCT iid, $1 FROM (' || pick || ') s WHERE iid IS NOT NULL',
                   'publish_old_rows') USING TG_TABLE_NAME;
  ELSE
    -- An update that moves a row to another institution changes both.
    EXECUTE format('INSERT INTO publish_changes (institution_id, table_name) SELECT DISTINCT iid, $1 FROM ('
                   || pick || ' UNION ' || pick || ') s WHERE iid IS NOT NULL',
                   'publish_new_rows', 'publish_old_rows') USING TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION publish_change_global() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO publish_changes (institution_id, table_name) VALUES (NULL, TG_TABLE_NAME);
  RETURN NULL;
END $$;

-- One trigger per event: a trigger with transition tables may not name OLD TABLE for INSERT.
CREATE PROCEDURE publish_track(tbl text, args text) LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER publish_ins AFTER INSERT ON %I REFERENCING NEW TABLE AS publish_new_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION publish_change_rows(%s)', tbl, args);
  EXECUTE format('CREATE TRIGGER publish_upd AFTER UPDATE ON %I REFERENCING NEW TABLE AS publish_new_rows OLD TABLE AS publish_old_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION publish_change_rows(%s)', tbl, args);
  EXECUTE format('CREATE TRIGGER publish_del AFTER DELETE ON %I REFERENCING OLD TABLE AS publish_old_rows
                  FOR EACH STATEMENT EXECUTE FUNCTION publish_change_rows(%s)', tbl, args);
  -- TRUNCATE has no rows to name: everything may have changed.
  EXECUTE format('CREATE TRIGGER publish_trunc AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION publish_change_global()', tbl);
END $$;

CREATE PROCEDURE publish_track_global(tbl text) LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('CREATE TRIGGER publish_global AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
                  FOR EACH STATEMENT EXECUTE FUNCTION publish_change_global()', tbl);
END $$;

-- The institution itself and the tables that carry its id (the disclosure page, poster, labels,
-- ratings pages, lists, open data and search records read them: src/db/public-read.ts,
-- clinic-board.ts, draws.ts, inspections.ts, typical-cases.ts, portal.ts).
CALL publish_track('institutions', '''id''');
CALL publish_track('staff', '''institution_id''');
CALL publish_track('commitments', '''institution_id''');
CALL publish_track('evaluations', '''institution_id''');
CALL publish_track('penalties', '''institution_id''');
CALL publish_track('point_records', '''institution_id''');
CALL publish_track('self_inspections', '''institution_id''');
CALL publish_track('serious_dishonesty', '''institution_id''');
CALL publish_track('ratings', '''institution_id''');
CALL publish_track('official_documents', '''institution_id''');
CALL publish_track('rectifications', '''institution_id''');
CALL publish_track('reviews', '''institution_id''');
CALL publish_track('institution_status_changes', '''institution_id''');
CALL publish_track('draw_items', '''institution_id''');
CALL publish_track('inspections', '''institution_id''');
CALL publish_track('radiology_licences', '''institution_id''');
CALL publish_track('radiation_devices', '''institution_id''');
CALL publish_track('institution_prices', '''institution_id''');
CALL publish_track('institution_replies', '''institution_id''');
-- Child tables without an institution id: through their parent.
CALL publish_track('downgrades', '''evaluation_id'', ''evaluations'', ''institution_id''');
CALL publish_track('typical_cases', '''penalty_id'', ''penalties'', ''institution_id''');
CALL publish_track('staff_commitments', '''staff_id'', ''staff'', ''institution_id''');
CALL publish_track('point_appeals', '''point_record_id'', ''point_records'', ''institution_id''');
CALL publish_track('rectification_events', '''rectification_id'', ''rectifications'', ''institution_id''');
CALL publish_track('inspection_inspectors', '''inspection_id'', ''inspections'', ''institution_id''');
CALL publish_track('inspection_follow_ups', '''inspection_id'', ''inspections'', ''institution_id''');
CALL publish_track('draw_item_inspectors', '''draw_item_id'', ''draw_items'', ''institution_id''');
-- Feed pages without belonging to one institution: the next publish is a full build.
CALL publish_track_global('regions');
CALL publish_track_global('site_settings');
CALL publish_track_global('draws');
-- County settings (0018): the commission, supervising unit and phone on every page of the county.
CALL publish_track_global('county_settings');

DROP PROCEDURE publish_track(text, text);
DROP PROCEDURE publish_track_global(text);

-- ==============================================================================================
-- 0020_publish_changes_commit_order.sql
-- ==============================================================================================

-- Issue 16: a publish records max(seq) of publish_changes before it builds, and the next publish
-- reads the rows after it. But a seq is taken when a row is written, not when its transaction
-- commits: a transaction still open at that moment (an import, an approval) could commit a lower
-- seq afterwards and be skipped by every later publish. Every write to a tracked table now holds a
-- shared advisory lock until its transaction ends; reading the position takes the same lock
-- exclusively (src/db/publish-changes.ts currentChangeSeq), so it waits for the writes in flight
-- and the position covers everything committed before it.
CREATE OR REPLACE FUNCTION publish_change_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  col text := TG_ARGV[0];
  pick text;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('credit-platform:publish-changes'));
  IF TG_NARGS = 1 THEN
    pick := format('SELECT (%I)::bigint AS iid FROM %%s', col);
  ELSE
    pick := format('SELECT p.%I::bigint AS iid FROM %%s x JOIN %I p ON p.id = x.%I', TG_ARGV[2], TG_ARGV[1], col);
  END IF;
  IF TG_OP = 'INSERT' THEN
    EXECUTE format('INSERT INTO publish_changes (institution_id, table_name) SELECT DISTINCT iid, $1 FROM (' || pick || ') s WHERE iid IS NOT NULL',
                   'publish_new_rows') USING TG_TABLE_NAME;
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE format('INSERT INTO publish_changes (institution_id, table_name) SELECT DISTINCT iid, $1 FROM (' || pick || ') s WHERE iid IS NOT NULL',
                   'publish_old_rows') USING TG_TABLE_NAME;
  ELSE
    -- An update that moves a row to another institution changes both.
    EXECUTE format('INSERT INTO publish_changes (institution_id, table_name) SELECT DISTINCT iid, $1 FROM ('
                   || pick || ' UNION ' || pick || ') s WHERE iid IS NOT NULL',
                   'publish_new_rows', 'publish_old_rows') USING TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION publish_change_global() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('credit-platform:publish-changes'));
  INSERT INTO publish_changes (institution_id, table_name) VALUES (NULL, TG_TABLE_NAME);
  RETURN NULL;
END $$;
