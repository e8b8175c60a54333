"""Parquet exports partitioned by date, readable by pandas, polars and the DuckDB CLI."""

from pathlib import Path

import duckdb

EXPORTS = {
    "ranked_listings": "SELECT r.*, CAST(l.last_seen AS DATE) AS date FROM ranked_listings r "
    "JOIN listings l USING (platform, listing_id)",
    "listings": "SELECT *, CAST(last_seen AS DATE) AS date FROM listings",
    "listing_observations": "SELECT *, CAST(observed_at AS DATE) AS date FROM listing_observations",
}


def export_parquet(con: duckdb.DuckDBPyConnection, out: Path) -> dict[str, int]:
    """One folder per table, hive-partitioned by date; an export replaces the previous one."""
    written = {}
    for table, sql in EXPORTS.items():
        target = out / table
        target.mkdir(parents=True, exist_ok=True)
        con.execute(
            f"COPY ({sql}) TO '{str(target).replace(chr(39), chr(39) * 2)}' "
            "(FORMAT parquet, PARTITION_BY (date), OVERWRITE_OR_IGNORE true)"
        )
        written[table] = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
    return written
