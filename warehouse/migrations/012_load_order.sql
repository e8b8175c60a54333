-- One row every load updates first: two loads in flight on a lake then conflict at commit and the later one runs
-- again on what the other wrote, instead of both merging against the same stale versions.
CREATE TABLE loads (loaded BIGINT NOT NULL);
INSERT INTO loads VALUES (0);
