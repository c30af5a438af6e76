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
