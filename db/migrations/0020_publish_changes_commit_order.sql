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
