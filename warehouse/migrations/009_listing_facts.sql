-- What a page says about the person (qualified, devices) and, on gig boards, about the client; profile rules read
-- them. NULL where the platform does not say: an unknown fact never hides a listing.
ALTER TABLE listing_versions ADD COLUMN qualified BOOLEAN;
ALTER TABLE listing_versions ADD COLUMN devices VARCHAR[];
ALTER TABLE listing_versions ADD COLUMN client_payment_verified BOOLEAN;
ALTER TABLE listing_versions ADD COLUMN client_total_spent DECIMAL(14,2);
ALTER TABLE listing_versions ADD COLUMN client_rating DOUBLE;
ALTER TABLE listing_versions ADD COLUMN proposals_min INTEGER;
CREATE OR REPLACE VIEW listings AS SELECT * EXCLUDE (superseded) FROM listing_versions WHERE NOT superseded;
-- Requesters a person blocked, per profile, kept beside the config's own list; removing a row undoes the block.
CREATE TABLE blocked_requesters (
    profile        VARCHAR NOT NULL,
    platform       VARCHAR NOT NULL,
    requester_id   VARCHAR NOT NULL,
    requester_name VARCHAR,
    reason         VARCHAR,
    blocked_at     TIMESTAMPTZ NOT NULL
);
-- How many listings each profile rule hid in a ranking, so nobody wonders where the work went.
CREATE TABLE hidden_by_rule (
    profile  VARCHAR NOT NULL,
    run_id   VARCHAR NOT NULL,
    rule     VARCHAR NOT NULL,
    listings INTEGER NOT NULL
);
-- current_listings was never read; listings is the current state.
DROP VIEW IF EXISTS current_listings;
