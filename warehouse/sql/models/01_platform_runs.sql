-- Each run that landed listings of a platform, numbered in the order they were seen.
CREATE OR REPLACE VIEW platform_runs AS
SELECT p.platform, p.run_id, r.observed_at,
       row_number() OVER (PARTITION BY p.platform ORDER BY r.observed_at, p.run_id) AS seq
FROM (SELECT DISTINCT run_id, unnest(platforms) AS platform FROM source_runs) AS p JOIN runs AS r USING (run_id);
