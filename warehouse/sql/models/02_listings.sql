-- The current version of every listing; open when the newest run of its platform saw it (or no run of its
-- platform is recorded, so nothing says it closed).
CREATE OR REPLACE VIEW listings AS
SELECT v.* EXCLUDE (superseded, since, since_run_id), coalesce(v.last_run_id = newest.run_id, true) AS still_open
FROM listing_versions AS v
LEFT JOIN (SELECT platform, arg_max(run_id, seq) AS run_id FROM platform_runs GROUP BY platform) AS newest
    USING (platform)
WHERE NOT v.superseded;
