-- SYNTHETIC MTurk-shaped listings for `taskrank bench load`, complete as a crawl lands them; every n-th listing's
-- reward is 5 cents higher when $changed_every is above 0.
COPY (
    SELECT 'mturk' AS platform, 'SYN' || lpad(i::VARCHAR, 10, '0') AS listing_id,
           'https://worker.mturk.com/projects/SYN' || i || '/tasks' AS url,
           'Synthetic task ' || i || ' (~ ' || (1 + i % 30) || ' minutes)' AS title,
           'Synthetic benchmark listing' AS description,
           'REQ' || (i % 5000) AS requester_id, 'Requester ' || (i % 5000) AS requester_name,
           {'amount': round(0.05 + (i % 400) / 100
                            + CASE WHEN $changed_every > 0 AND i % $changed_every = 0 THEN 0.05 ELSE 0 END,
                            2)::DECIMAL(14, 4),
            'currency': 'USD'} AS reward,
           'per_task' AS pay_basis, (5 + i % 120)::DOUBLE AS minutes, 'max_allowed' AS minutes_kind,
           (1 + i % 30)::DOUBLE AS title_minutes_hint, NULL::DOUBLE AS description_minutes_hint,
           (i % 500)::INTEGER AS places_available,
           ['HIT approval rate >= 95'] AS requirements, TIMESTAMPTZ '2026-11-01 00:00:00+00' AS posted_at,
           $observed_at::TIMESTAMPTZ AS observed_at, 'snapshot' AS source_mode, $run_id AS run_id
    FROM range($rows) AS t(i)
) TO $path (FORMAT json);
