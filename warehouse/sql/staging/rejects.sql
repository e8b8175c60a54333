-- Records a source could not read, each with its reason.
CREATE OR REPLACE TEMP TABLE landed_rejects AS
SELECT regexp_extract(filename, '([^/]+)\.rejects\.jsonl$', 1) AS source, reason, page_url, raw::VARCHAR AS raw
FROM read_json($files, format = 'newline_delimited', hive_partitioning = false, columns = $columns, filename = true);
