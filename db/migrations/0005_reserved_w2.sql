-- Placeholder in branch w2 only, so that 0006 applies (numbers must not have gaps).
-- The lead drops this file when merging: another branch owns migration 0005.
SELECT 1;
