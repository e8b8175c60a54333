-- Expected rate with its band, the time band behind it and the chance of clearing the profile's minimum.
ALTER TABLE ranked_listings ADD COLUMN minutes_p10 DOUBLE;
ALTER TABLE ranked_listings ADD COLUMN minutes_p90 DOUBLE;
ALTER TABLE ranked_listings ADD COLUMN rate_low DOUBLE;
ALTER TABLE ranked_listings ADD COLUMN rate_high DOUBLE;
ALTER TABLE ranked_listings ADD COLUMN p_paid DOUBLE;
ALTER TABLE ranked_listings ADD COLUMN p_above_minimum DOUBLE;
ALTER TABLE ranked_listings ADD COLUMN demoted BOOLEAN DEFAULT 'false';
