-- Every loaded run that covered any of these platforms, oldest first.
SELECT run_id FROM platform_runs WHERE list_contains($platforms, platform)
GROUP BY run_id ORDER BY min(observed_at), run_id;
