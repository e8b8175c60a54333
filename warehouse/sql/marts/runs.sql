-- The run and its sources as crawled; health is judged afterwards (source_health.sql). A source's platforms are the
-- ones its listings belong to: a run covered a platform when it landed at least one of its listings.
DELETE FROM source_runs WHERE run_id = $run_id;

INSERT INTO source_runs BY NAME
SELECT $run_id AS run_id, s.source, s.mode, s.pages, s.items, s.rejects, coalesce(s.out_of_scope, 0) AS out_of_scope,
       s.page_errors, s.http_errors, s.retries,
       s.duration_seconds, coalesce(s.finish_reason, 'finished') AS finish_reason, coalesce(s.message, '') AS message,
       'ok' AS health,
       coalesce((SELECT list(DISTINCT l.platform ORDER BY l.platform) FROM landed_listings AS l
                 WHERE l.source = s.source), []) AS platforms
FROM landed_stats AS s;

DELETE FROM runs WHERE run_id = $run_id;

INSERT INTO runs
SELECT $run_id, (SELECT max(observed_at) FROM landed_listings), list(source ORDER BY source), sum(items),
       sum(rejects), 'ok', 'loaded'
FROM source_runs WHERE run_id = $run_id;

DELETE FROM rejects WHERE run_id = $run_id;

INSERT INTO rejects SELECT $run_id, source, reason, page_url, raw FROM landed_rejects;
