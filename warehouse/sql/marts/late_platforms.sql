-- The platforms of a run that the warehouse already saw in a later run: their versions are rebuilt in run order.
SELECT coalesce(list(DISTINCT later.platform ORDER BY later.platform), [])
FROM platform_runs AS this JOIN platform_runs AS later ON later.platform = this.platform AND later.seq > this.seq
WHERE this.run_id = $run_id;
