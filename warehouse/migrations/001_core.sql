-- Core tables. Keys are enforced by the loader's de-duplicate-then-merge, not by indexes: DuckDB checks
-- unique indexes eagerly inside a transaction, which breaks a delete-then-insert of the same key.

CREATE TABLE runs (
    run_id        VARCHAR NOT NULL,
    observed_at   TIMESTAMPTZ,
    sources       VARCHAR[],
    listings      INTEGER NOT NULL,
    rejects       INTEGER NOT NULL,
    health        VARCHAR NOT NULL,
    status        VARCHAR NOT NULL
);

CREATE TABLE source_runs (
    run_id            VARCHAR NOT NULL,
    source            VARCHAR NOT NULL,
    mode              VARCHAR NOT NULL,
    pages             INTEGER NOT NULL,
    items             INTEGER NOT NULL,
    rejects           INTEGER NOT NULL,
    page_errors       INTEGER NOT NULL,
    http_errors       INTEGER NOT NULL,
    retries           INTEGER NOT NULL,
    duration_seconds  DOUBLE NOT NULL,
    health            VARCHAR NOT NULL,
    message           VARCHAR
);

CREATE TABLE listings (
    platform                VARCHAR NOT NULL,
    listing_id              VARCHAR NOT NULL,
    url                     VARCHAR NOT NULL,
    title                   VARCHAR NOT NULL,
    description             VARCHAR,
    requester_id            VARCHAR,
    requester_name          VARCHAR,
    category                VARCHAR,
    reward_amount           DECIMAL(14, 4) NOT NULL,
    reward_currency         VARCHAR NOT NULL,
    reward_original_amount  DECIMAL(14, 4),
    reward_original_unit    VARCHAR,
    pay_basis               VARCHAR NOT NULL,
    minutes                 DOUBLE,
    minutes_kind            VARCHAR,
    title_minutes_hint      DOUBLE,
    observed_minutes        DOUBLE,
    places_available        INTEGER,
    requirements            VARCHAR[],
    countries               VARCHAR[],
    posted_at               TIMESTAMPTZ,
    expires_at              TIMESTAMPTZ,
    source_mode             VARCHAR NOT NULL,
    flags                   VARCHAR[],
    first_seen              TIMESTAMPTZ NOT NULL,
    last_seen               TIMESTAMPTZ NOT NULL,
    first_run_id            VARCHAR NOT NULL,
    last_run_id             VARCHAR NOT NULL,
    still_open              BOOLEAN NOT NULL
);

CREATE TABLE listing_observations (
    run_id            VARCHAR NOT NULL,
    platform          VARCHAR NOT NULL,
    listing_id        VARCHAR NOT NULL,
    observed_at       TIMESTAMPTZ NOT NULL,
    reward_amount     DECIMAL(14, 4) NOT NULL,
    reward_currency   VARCHAR NOT NULL,
    minutes           DOUBLE,
    observed_minutes  DOUBLE,
    places_available  INTEGER
);

CREATE TABLE rejects (
    run_id    VARCHAR NOT NULL,
    source    VARCHAR NOT NULL,
    reason    VARCHAR NOT NULL,
    page_url  VARCHAR,
    raw       VARCHAR
);

CREATE TABLE fx_rates (
    currency  VARCHAR NOT NULL,
    per_usd   DOUBLE NOT NULL,
    as_of     DATE NOT NULL
);

CREATE TABLE ranked_listings (
    profile             VARCHAR NOT NULL,
    run_id              VARCHAR NOT NULL,
    rank                INTEGER NOT NULL,
    platform            VARCHAR NOT NULL,
    listing_id          VARCHAR NOT NULL,
    title               VARCHAR NOT NULL,
    url                 VARCHAR NOT NULL,
    requester_id        VARCHAR,
    requester_name      VARCHAR,
    reward_amount       DOUBLE NOT NULL,
    reward_currency     VARCHAR NOT NULL,
    minutes             DOUBLE,
    minutes_kind        VARCHAR,
    minutes_used        DOUBLE,
    minutes_source      VARCHAR NOT NULL,
    rate_per_hour       DOUBLE,
    rate_currency       VARCHAR NOT NULL,
    below_minimum       BOOLEAN NOT NULL,
    weak_estimate       BOOLEAN NOT NULL,
    reasons             VARCHAR[],
    flags               VARCHAR[],
    source_mode         VARCHAR NOT NULL
);

CREATE VIEW current_listings AS
SELECT * FROM listings WHERE still_open;
