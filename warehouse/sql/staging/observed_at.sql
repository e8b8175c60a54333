-- When a run saw its listings (UTC, as text that sorts in time): the order a rebuild loads runs in.
SELECT strftime(max(observed_at) AT TIME ZONE 'UTC', '%Y-%m-%dT%H:%M:%S.%f')
FROM read_json($files, format = 'newline_delimited', hive_partitioning = false, columns = {'observed_at': 'TIMESTAMPTZ'});
