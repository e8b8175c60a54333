-- The work log per platform, requester, week and currency: tasks, minutes, earned and the effective rate.
CREATE OR REPLACE VIEW work_log_weekly AS
SELECT platform, coalesce(requester_id, '') AS requester_id, date_trunc('week', coalesce(started_at, ended_at)) AS week,
       currency, count(*) AS tasks, sum(minutes) AS minutes, sum(earned + bonus)::DOUBLE AS earned,
       sum(earned + bonus)::DOUBLE / nullif(sum(minutes), 0) * 60 AS per_hour,
       count(*) FILTER (status IN ('rejected', 'returned', 'screened_out')) AS unpaid_tasks
FROM work_log
GROUP BY ALL;
