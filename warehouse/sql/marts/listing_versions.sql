-- One run's staged listings merged into listing_versions, whose rows are spans of identical content: a listing seen
-- unchanged in the run right after the one that last saw it extends its version; new content, or a return after a
-- run of its platform that did not see it, starts a new version and marks the old one superseded.
CREATE OR REPLACE TEMP TABLE previous_runs AS
SELECT now.platform, before.run_id AS previous_run_id
FROM platform_runs AS now
LEFT JOIN platform_runs AS before ON before.platform = now.platform AND before.seq = now.seq - 1
WHERE now.run_id = $run_id;

-- Listings seen before, as keys and row numbers: joining whole rows made the hash table carry every column.
CREATE OR REPLACE TEMP TABLE sightings AS
SELECT l.rowid AS landed_row, v.rowid AS version_row, v.first_seen, v.first_run_id,
       v.content_hash = l.content_hash AND v.last_run_id IS NOT DISTINCT FROM p.previous_run_id AS continues
FROM landed_listings AS l
JOIN previous_runs AS p USING (platform)
JOIN listing_versions AS v ON v.platform = l.platform AND v.listing_id = l.listing_id AND NOT v.superseded;

UPDATE listing_versions SET last_seen = seen.observed_at, last_run_id = $run_id
FROM (
    SELECT s.version_row, l.observed_at
    FROM sightings AS s JOIN landed_listings AS l ON l.rowid = s.landed_row
    WHERE s.continues
) AS seen
WHERE listing_versions.rowid = seen.version_row;

UPDATE listing_versions SET superseded = true
WHERE rowid IN (SELECT version_row FROM sightings WHERE NOT continues);

INSERT INTO listing_versions BY NAME
SELECT l.* EXCLUDE (observed_at, run_id, source),
       coalesce(s.first_seen, l.observed_at) AS first_seen, coalesce(s.first_run_id, $run_id) AS first_run_id,
       l.observed_at AS since, $run_id AS since_run_id, l.observed_at AS last_seen, $run_id AS last_run_id,
       false AS superseded
FROM landed_listings AS l LEFT JOIN sightings AS s ON s.landed_row = l.rowid
WHERE NOT coalesce(s.continues, false);
