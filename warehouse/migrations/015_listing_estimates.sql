-- Each open listing's time estimate, computed once for its version (content_hash) and estimator (the model, the
-- exchange rates and the estimating code, as one id); ranking for every profile reads it. A run estimates only
-- versions without one for the current estimator: new or changed listings, or all of them after retraining.
CREATE TABLE listing_estimates (
    platform       VARCHAR NOT NULL,
    listing_id     VARCHAR NOT NULL,
    content_hash   UBIGINT NOT NULL,
    estimator      VARCHAR NOT NULL,
    minutes_p10    DOUBLE,
    minutes_used   DOUBLE,
    minutes_p90    DOUBLE,
    minutes_source VARCHAR NOT NULL,
    weak_estimate  BOOLEAN NOT NULL,
    estimated_at   TIMESTAMPTZ NOT NULL
);
