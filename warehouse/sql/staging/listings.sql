-- A run's landed listings, renamed and cast only, each with the one fingerprint of what its page states.
CREATE OR REPLACE TEMP TABLE landed_listings AS
SELECT *, hash(*COLUMNS(c -> list_contains($content, c))) AS content_hash
FROM (
    SELECT * EXCLUDE (reward, filename),
           reward.amount AS reward_amount, reward.currency AS reward_currency,
           reward.original_amount AS reward_original_amount, reward.original_unit AS reward_original_unit,
           regexp_extract(filename, '([^/]+)\.jsonl$', 1) AS source
    FROM read_json($files, format = 'newline_delimited', hive_partitioning = false, columns = $columns, filename = true)
);

-- One key landed twice in a run (two sources of a platform, pages read at different moments): the latest sighting
-- stays, ties broken by content so the order of the files never matters. Most runs repeat none.
DELETE FROM landed_listings WHERE rowid IN (
    SELECT rowid FROM landed_listings
    SEMI JOIN (SELECT platform, listing_id FROM landed_listings GROUP BY ALL HAVING count(*) > 1) USING (platform, listing_id)
    QUALIFY row_number() OVER (PARTITION BY platform, listing_id ORDER BY observed_at DESC, content_hash DESC) > 1
);
