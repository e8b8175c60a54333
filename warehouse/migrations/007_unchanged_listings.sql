-- A crawl lands only new and changed listings in full; the rest as "unchanged" markers against a base run.
ALTER TABLE source_runs ADD COLUMN unchanged INTEGER;
ALTER TABLE source_runs ADD COLUMN base_run_id VARCHAR;
-- The platforms a source's listings belong to: a run whose platforms the warehouse has never seen is appended
-- straight from its files.
ALTER TABLE source_runs ADD COLUMN platforms VARCHAR[];
