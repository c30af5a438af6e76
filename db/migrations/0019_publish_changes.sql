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
