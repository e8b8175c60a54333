-- What each landed source's crawl did (one pretty-printed JSON object per file).
CREATE OR REPLACE TEMP TABLE landed_stats AS
SELECT * FROM read_json($files, format = 'auto', hive_partitioning = false, columns = $columns);
