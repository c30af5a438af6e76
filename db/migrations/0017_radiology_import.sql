-- 0017: issue 15 part A. The radiology sheet kind (放射诊疗: 许可证 and devices, src/schemas/import-radiology.ts)
-- is recorded in import_batches like the other kinds.
ALTER TABLE import_batches DROP CONSTRAINT import_batches_kind_check;
ALTER TABLE import_batches ADD CONSTRAINT import_batches_kind_check
  CHECK (kind IN ('regions','institutions','staff','evaluations','penalties','points','commitments','self-inspections','radiology'));
