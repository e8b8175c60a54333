"""The only code that opens DuckDB: migrations, loading landing folders, queries and exports."""
