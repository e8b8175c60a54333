-- A person's own record of tasks done; entry_id is a hash of the row so re-importing a file adds nothing.
CREATE TABLE work_log (
    entry_id      VARCHAR NOT NULL,
    platform      VARCHAR NOT NULL,
    listing_id    VARCHAR,
    title         VARCHAR,
    requester_id  VARCHAR,
    started_at    TIMESTAMPTZ,
    ended_at      TIMESTAMPTZ,
    minutes       DOUBLE NOT NULL,
    earned        DECIMAL(14, 4) NOT NULL,
    bonus         DECIMAL(14, 4) NOT NULL,
    currency      VARCHAR NOT NULL,
    status        VARCHAR NOT NULL,
    imported_from VARCHAR
);

-- Effective pay counts every minute worked, paid or not (screen-outs, returns and rejections earn nothing).
CREATE VIEW work_log_weekly AS
SELECT platform, coalesce(requester_id, '') AS requester_id, date_trunc('week', coalesce(started_at, ended_at)) AS week,
       currency, count(*) AS tasks, sum(minutes) AS minutes, sum(earned + bonus)::DOUBLE AS earned,
       sum(earned + bonus)::DOUBLE / nullif(sum(minutes), 0) * 60 AS per_hour,
       count(*) FILTER (status IN ('rejected', 'returned', 'screened_out')) AS unpaid_tasks
FROM work_log
GROUP BY ALL;
