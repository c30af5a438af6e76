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
