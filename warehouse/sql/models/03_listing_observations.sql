-- What each run saw of each listing: a version's values in every run of its platform within its span.
CREATE OR REPLACE VIEW listing_observations AS
SELECT seen.run_id, v.platform, v.listing_id, seen.observed_at, v.reward_amount, v.reward_currency, v.minutes,
       v.observed_minutes, v.places_available
FROM listing_versions AS v
JOIN platform_runs AS first ON first.platform = v.platform AND first.run_id = v.since_run_id
JOIN platform_runs AS last ON last.platform = v.platform AND last.run_id = v.last_run_id
JOIN platform_runs AS seen ON seen.platform = v.platform AND seen.seq BETWEEN first.seq AND last.seq;
