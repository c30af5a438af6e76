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
