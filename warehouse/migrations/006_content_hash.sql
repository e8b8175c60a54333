-- A hash of everything a listing's page states, so a load rewrites only listings whose content changed and
-- touches the rest with a narrow "seen again" update. One macro, used by the loader and by this backfill.
CREATE MACRO listing_content_hash(
    url, title, description, requester_id, requester_name, category, reward_amount, reward_currency,
    reward_original_amount, reward_original_unit, screen_out_reward, reward_max, pay_basis, minutes, minutes_kind,
    title_minutes_hint, observed_minutes, places_available, requirements, countries, posted_at, expires_at,
    source_mode, flags
) AS hash(
    url, title, description, requester_id, requester_name, category, reward_amount, reward_currency,
    reward_original_amount, reward_original_unit, screen_out_reward, reward_max, pay_basis, minutes, minutes_kind,
    title_minutes_hint, observed_minutes, places_available, requirements, countries, posted_at, expires_at,
    source_mode, flags
);

ALTER TABLE listings ADD COLUMN content_hash UBIGINT;

UPDATE listings SET content_hash = listing_content_hash(
    url, title, description, requester_id, requester_name, category, reward_amount, reward_currency,
    reward_original_amount, reward_original_unit, screen_out_reward, reward_max, pay_basis, minutes, minutes_kind,
    title_minutes_hint, observed_minutes, places_available, requirements, countries, posted_at, expires_at,
    source_mode, flags
);
