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
