-- What ranking reads of a listing: contracts.RankingInput, column for column.
CREATE OR REPLACE VIEW ranking_input AS
SELECT platform, listing_id, url, title, description, requester_id, requester_name, category,
       reward_amount::DOUBLE AS reward_amount, reward_currency, screen_out_reward::DOUBLE AS screen_out_reward,
       reward_max::DOUBLE AS reward_max, pay_basis, minutes, minutes_kind, title_minutes_hint,
       description_minutes_hint, observed_minutes, places_available, len(requirements)::INTEGER AS requirements_count,
       countries, flags, source_mode, first_seen, last_seen, qualified, devices, client_payment_verified,
       client_total_spent::DOUBLE AS client_total_spent, client_rating, proposals_min, still_open
FROM listings;
