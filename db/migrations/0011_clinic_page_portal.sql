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
