-- Landing files hold complete listings; the load finds what changed by one fingerprint computed in SQL. A version
-- is a span of identical content (`since` to `last_seen`); observations are read from those spans, and whether a
-- listing is still open from the newest run of its platform. Versions kept from before this migration keep their
-- rows, with `since` set to when the listing was first seen.
-- DuckDB fails the commit of a table altered after it was updated in the same transaction: alters come first.
DROP VIEW IF EXISTS listings;
ALTER TABLE listing_versions ADD COLUMN since TIMESTAMPTZ;
ALTER TABLE listing_versions ADD COLUMN since_run_id VARCHAR;
ALTER TABLE listing_versions DROP COLUMN still_open;
ALTER TABLE source_runs DROP COLUMN unchanged;
ALTER TABLE source_runs DROP COLUMN base_run_id;
ALTER TABLE source_runs ADD COLUMN finish_reason VARCHAR DEFAULT 'finished';
ALTER TABLE source_runs ADD COLUMN health_note VARCHAR;

UPDATE listing_versions SET since = first_seen, since_run_id = first_run_id;
-- The fingerprint of staging/listings.sql, over the contract's content columns in its staged order.
UPDATE listing_versions SET content_hash = hash(
    url, title, description, requester_id, requester_name, category, screen_out_reward, reward_max, pay_basis,
    minutes, minutes_kind, title_minutes_hint, observed_minutes, places_available, requirements, countries, posted_at,
    expires_at, source_mode, flags, qualified, devices, client_payment_verified, client_total_spent::DECIMAL(14, 4),
    client_rating, proposals_min, reward_amount, reward_currency, reward_original_amount, reward_original_unit
);
DROP MACRO IF EXISTS listing_content_hash;

UPDATE source_runs AS s SET platforms = coalesce((
    SELECT list(DISTINCT v.platform ORDER BY v.platform) FROM listing_versions AS v
    WHERE s.run_id IN (v.first_run_id, v.last_run_id)
), [])
WHERE platforms IS NULL;

DROP TABLE listing_observations;

-- Each run that landed listings of a platform, numbered in the order they were seen.
CREATE VIEW platform_runs AS
SELECT p.platform, p.run_id, r.observed_at,
       row_number() OVER (PARTITION BY p.platform ORDER BY r.observed_at, p.run_id) AS seq
FROM (SELECT DISTINCT run_id, unnest(platforms) AS platform FROM source_runs) AS p JOIN runs AS r USING (run_id);

-- The current version of every listing; open when the newest run of its platform saw it (or no run of its
-- platform is recorded, so nothing says it closed).
CREATE VIEW listings AS
SELECT v.* EXCLUDE (superseded, since, since_run_id), coalesce(v.last_run_id = newest.run_id, true) AS still_open
FROM listing_versions AS v
LEFT JOIN (SELECT platform, arg_max(run_id, seq) AS run_id FROM platform_runs GROUP BY platform) AS newest
    USING (platform)
WHERE NOT v.superseded;

-- What each run saw of each listing: a version's values in every run of its platform within its span.
CREATE VIEW listing_observations AS
SELECT seen.run_id, v.platform, v.listing_id, seen.observed_at, v.reward_amount, v.reward_currency, v.minutes,
       v.observed_minutes, v.places_available
FROM listing_versions AS v
JOIN platform_runs AS first ON first.platform = v.platform AND first.run_id = v.since_run_id
JOIN platform_runs AS last ON last.platform = v.platform AND last.run_id = v.last_run_id
JOIN platform_runs AS seen ON seen.platform = v.platform AND seen.seq BETWEEN first.seq AND last.seq;

-- What ranking reads of a listing.
CREATE VIEW ranking_input AS
SELECT platform, listing_id, url, title, description, requester_id, requester_name, category,
       reward_amount::DOUBLE AS reward_amount, reward_currency, screen_out_reward::DOUBLE AS screen_out_reward,
       reward_max::DOUBLE AS reward_max, pay_basis, minutes, minutes_kind, title_minutes_hint, observed_minutes,
       places_available, len(requirements) AS requirements_count, countries, flags, source_mode, first_seen, last_seen,
       qualified, devices, client_payment_verified, client_total_spent::DOUBLE AS client_total_spent, client_rating,
       proposals_min, still_open
FROM listings;
