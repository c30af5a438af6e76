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
