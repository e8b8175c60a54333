-- The platform catalog as a table (replaced from the versioned catalog file on every load), and the top of a
-- stated pay range ("$13.00-$30.00 an hour", a rate card's typical range).
ALTER TABLE listings ADD COLUMN reward_max DECIMAL(14, 4);

CREATE TABLE platforms (
    platform             VARCHAR NOT NULL,
    name                 VARCHAR NOT NULL,
    url                  VARCHAR NOT NULL,
    pay_model            VARCHAR NOT NULL,
    currency             VARCHAR NOT NULL,
    points_unit          VARCHAR,
    points_per_unit      DOUBLE,
    listings_need_login  BOOLEAN NOT NULL,
    listing_feed         BOOLEAN NOT NULL,
    payout_methods       VARCHAR[],
    platform_fee_share   DOUBLE,
    payout_delay_days    INTEGER,
    typical_pay_low      DOUBLE,
    typical_pay_high     DOUBLE,
    typical_pay_currency VARCHAR,
    typical_pay_source   VARCHAR,
    typical_pay_generic  BOOLEAN,
    catalog_version      VARCHAR NOT NULL
);
