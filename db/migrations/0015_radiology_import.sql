-- 0015: issue 15 part A. The radiology sheet kind (放射诊疗: 许可证 and devices, src/schemas/import-radiology.ts)
-- and the price sheet kind (价格公示, src/schemas/import-prices.ts) are recorded in import_batches like the others, and so is the inspections kind (issue 13).
ALTER TABLE import_batches DROP CONSTRAINT import_batches_kind_check;
ALTER TABLE import_batches ADD CONSTRAINT import_batches_kind_check
  CHECK (kind IN ('regions','institutions','staff','evaluations','penalties','points','commitments','self-inspections','inspections','radiology','prices'));
