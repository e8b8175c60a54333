-- Listings an alert already announced, so each one is sent once however often a run is ranked again.
CREATE TABLE alerts_sent (
    alert      VARCHAR NOT NULL,
    platform   VARCHAR NOT NULL,
    listing_id VARCHAR NOT NULL,
    sent_at    TIMESTAMPTZ NOT NULL
);
