-- The baseline every load is measured against: DuckDB's own read of the same files into a table.
CREATE TABLE bare AS
SELECT * FROM read_json($files, format = 'newline_delimited', hive_partitioning = false, columns = $columns);
