-- Placeholder on branch w5 only: keeps the migration numbers contiguous so that 0009 applies here.
-- DELETE THIS FILE when merging (the real 0008 comes from another branch).
SELECT 1;
