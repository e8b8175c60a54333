-- Run after every load, inside its transaction: any row here with failing > 0 fails the load. Accepted values come
-- from the contracts' Literal types ($pay_bases, $source_modes, $healths).
SELECT 'listing_versions: a listing with more than one current version' AS check_name, count(*) AS failing
FROM (SELECT 1 FROM listing_versions WHERE NOT superseded GROUP BY platform, listing_id HAVING count(*) > 1)
UNION ALL
SELECT 'listing_versions: two versions of a listing start in the same run', count(*)
FROM (SELECT 1 FROM listing_versions GROUP BY platform, listing_id, since_run_id HAVING count(*) > 1)
UNION ALL
SELECT 'listing_versions: a fingerprint, span or source missing', count(*)
FROM listing_versions WHERE content_hash IS NULL OR since IS NULL OR since_run_id IS NULL
UNION ALL
SELECT 'listing_versions: pay_basis not per_task or per_hour', count(*)
FROM listing_versions WHERE NOT list_contains($pay_bases, pay_basis)
UNION ALL
SELECT 'listing_versions: source_mode not live, snapshot or catalog', count(*)
FROM listing_versions WHERE NOT list_contains($source_modes, source_mode)
UNION ALL
SELECT 'runs: a run recorded twice', count(*) FROM (SELECT 1 FROM runs GROUP BY run_id HAVING count(*) > 1)
UNION ALL
SELECT 'source_runs: a source recorded twice in a run', count(*)
FROM (SELECT 1 FROM source_runs GROUP BY run_id, source HAVING count(*) > 1)
UNION ALL
SELECT 'source_runs: health not ok, degraded, broken or failed', count(*)
FROM source_runs WHERE NOT list_contains($healths, health);
