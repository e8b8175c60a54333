-- A time hint is kept with where it was read: the title's own (title_minutes_hint) or the description's, which
-- ranking trusts less. Versions landed before keep their hint as the title's; the fingerprint covers the new column.
DROP VIEW IF EXISTS ranking_input;
DROP VIEW IF EXISTS listings;
ALTER TABLE listing_versions ADD COLUMN description_minutes_hint DOUBLE;

-- The fingerprint of staging/listings.sql, over the contract's content columns in its staged order.
UPDATE listing_versions SET content_hash = hash(
    url, title, description, requester_id, requester_name, category, screen_out_reward, reward_max, pay_basis,
    minutes, minutes_kind, title_minutes_hint, description_minutes_hint, observed_minutes, places_available,
    requirements, countries, posted_at, expires_at, source_mode, flags, qualified, devices, client_payment_verified,
    client_total_spent::DECIMAL(14, 4), client_rating, proposals_min, reward_amount, reward_currency,
    reward_original_amount, reward_original_unit
);

CREATE VIEW listings AS
SELECT v.* EXCLUDE (superseded, since, since_run_id), coalesce(v.last_run_id = newest.run_id, true) AS still_open
FROM listing_versions AS v
LEFT JOIN (SELECT platform, arg_max(run_id, seq) AS run_id FROM platform_runs GROUP BY platform) AS newest
    USING (platform)
WHERE NOT v.superseded;

-- What ranking reads of a listing.
CREATE VIEW ranking_input AS
SELECT platform, listing_id, url, title, description, requester_id, requester_name, category,
       reward_amount::DOUBLE AS reward_amount, reward_currency, screen_out_reward::DOUBLE AS screen_out_reward,
       reward_max::DOUBLE AS reward_max, pay_basis, minutes, minutes_kind, title_minutes_hint,
       description_minutes_hint, observed_minutes, places_available, len(requirements) AS requirements_count,
       countries, flags, source_mode, first_seen, last_seen, qualified, devices, client_payment_verified,
       client_total_spent::DOUBLE AS client_total_spent, client_rating, proposals_min, still_open
FROM listings;
