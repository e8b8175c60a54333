-- A source's health, judged once, from its crawl's raw facts and its own history. Rejects count against it only when
-- the parser could not read them; listings read fine but not priced per task or hour (no pay stated, a salary, an
-- unpaid qualification: `out_of_scope`) are counted in the note and never make a feed look broken. failed: nothing
-- was fetched. broken: pages read but nothing readable on them, or more unreadable records than listings. degraded:
-- what needs a person's look — far fewer listings than usual, more than $reject_share of the records unreadable,
-- pages or requests lost, or a crawl stopped early. ok: everything else.
UPDATE source_runs AS s SET
    health = CASE
        WHEN s.pages = 0 THEN 'failed'
        WHEN s.items = 0 AND coalesce(s.out_of_scope, 0) = 0 OR s.rejects - coalesce(s.out_of_scope, 0) > s.items
            THEN 'broken'
        WHEN h.usual > 0 AND s.items < $drop_share * h.usual THEN 'degraded'
        WHEN s.rejects - coalesce(s.out_of_scope, 0) > $reject_share * (s.items + s.rejects) THEN 'degraded'
        WHEN s.page_errors > 0 OR s.http_errors > 0 OR s.finish_reason <> 'finished' THEN 'degraded'
        ELSE 'ok' END,
    health_note = nullif(concat_ws('; ',
        CASE WHEN s.pages > 0 AND s.finish_reason <> 'finished' THEN 'stopped early: ' || s.finish_reason END,
        CASE WHEN s.pages = 0 OR NOT coalesce(h.usual > 0, false) THEN NULL
             WHEN s.items = 0 THEN 'returned no listings'
             WHEN s.rejects - coalesce(s.out_of_scope, 0) > s.items THEN 'returned mostly rejects'
             WHEN s.items < $drop_share * h.usual THEN 'returned far fewer listings' END
        || format(' (usually {} over the last {} healthy runs)', h.usual::BIGINT, h.runs),
        CASE WHEN s.pages > 0 AND s.rejects > coalesce(s.out_of_scope, 0) THEN format('{} of {} records unreadable{}',
            s.rejects - coalesce(s.out_of_scope, 0), s.items + s.rejects,
            CASE WHEN s.rejects - coalesce(s.out_of_scope, 0) > $reject_share * (s.items + s.rejects)
            THEN format(' (over {}%)', round(100 * $reject_share)::BIGINT) ELSE '' END) END,
        CASE WHEN s.pages > 0 AND coalesce(s.out_of_scope, 0) > 0 THEN format('{} out of scope (not priced per task or hour)',
            s.out_of_scope) END,
        CASE WHEN s.page_errors > 0 THEN format('{} page{} could not be parsed', s.page_errors, CASE WHEN s.page_errors > 1 THEN 's' ELSE '' END) END,
        CASE WHEN s.http_errors > 0 THEN format('{} request{} failed', s.http_errors, CASE WHEN s.http_errors > 1 THEN 's' ELSE '' END) END), '')
FROM (
    SELECT now.source, usual.items AS usual, usual.runs
    FROM source_runs AS now
    LEFT JOIN (
        SELECT source, median(items) AS items, count(*) AS runs
        FROM (
            SELECT s.source, s.items,
                   row_number() OVER (PARTITION BY s.source ORDER BY r.observed_at DESC, s.run_id DESC) AS recency
            FROM source_runs AS s JOIN runs AS r USING (run_id), (SELECT * FROM runs WHERE run_id = $run_id) AS this
            WHERE s.health IN ('ok', 'degraded') AND s.mode <> 'catalog'
              AND (r.observed_at < coalesce(this.observed_at, 'infinity')
                   OR (r.observed_at = this.observed_at AND s.run_id < this.run_id))
        )
        WHERE recency <= $history_runs
        GROUP BY source
    ) AS usual USING (source)
    WHERE now.run_id = $run_id
) AS h
WHERE s.run_id = $run_id AND s.source = h.source;

UPDATE runs SET health = (
    SELECT CASE WHEN bool_or(health = 'failed') THEN 'failed' WHEN bool_or(health = 'broken') THEN 'broken'
                WHEN bool_or(health = 'degraded') THEN 'degraded' ELSE 'ok' END
    FROM source_runs WHERE run_id = $run_id
)
WHERE run_id = $run_id;
