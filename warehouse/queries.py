"""Reads and writes the rest of taskrank needs; data leaves and enters as Arrow tables."""

from datetime import date

import duckdb
import pyarrow as pa

RANKING_INPUT = """
SELECT platform, listing_id, url, title, description, requester_id, requester_name, category,
       reward_amount::DOUBLE AS reward_amount, reward_currency, pay_basis, minutes, minutes_kind,
       title_minutes_hint, observed_minutes, places_available, len(requirements) AS requirements_count,
       countries, flags, source_mode, first_seen, last_seen
FROM listings
WHERE still_open
ORDER BY platform, listing_id
"""


def open_listings(con: duckdb.DuckDBPyConnection) -> pa.Table:
    return con.execute(RANKING_INPUT).to_arrow_table()


def fx_rates(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """Units of each currency per US dollar, newest date per currency."""
    rows = con.execute("SELECT currency, arg_max(per_usd, as_of) FROM fx_rates GROUP BY currency").fetchall()
    return {currency: rate for currency, rate in rows}


def replace_fx_rates(con: duckdb.DuckDBPyConnection, rates: dict[str, float], as_of: date) -> None:
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM fx_rates WHERE as_of = ?", [as_of])
    con.executemany("INSERT INTO fx_rates VALUES (?, ?, ?)", [[c, r, as_of] for c, r in sorted(rates.items())])
    con.execute("COMMIT")


def replace_ranked(con: duckdb.DuckDBPyConnection, profile: str, ranked: pa.Table) -> None:
    """Swap one profile's ranked rows in one transaction."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM ranked_listings WHERE profile = ?", [profile])
        con.register("ranked_batch", ranked)
        con.execute("INSERT INTO ranked_listings BY NAME SELECT * FROM ranked_batch")
        con.unregister("ranked_batch")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def ranked(
    con: duckdb.DuckDBPyConnection, profile: str, limit: int | None = None, above_minimum: bool = False
) -> pa.Table:
    sql = "SELECT * FROM ranked_listings WHERE profile = ?"
    if above_minimum:
        sql += " AND NOT below_minimum"
    sql += " ORDER BY rank"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return con.execute(sql, [profile]).to_arrow_table()


def ranked_profiles(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [row[0] for row in con.execute("SELECT DISTINCT profile FROM ranked_listings ORDER BY 1").fetchall()]


def source_health(con: duckdb.DuckDBPyConnection, run_id: str) -> list[dict]:
    cursor = con.execute("SELECT * FROM source_runs WHERE run_id = ? ORDER BY source", [run_id])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def latest_run_id(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("SELECT run_id FROM runs ORDER BY observed_at DESC NULLS LAST, run_id DESC LIMIT 1").fetchone()
    return row[0] if row else None


def run_sql(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[list[str], list[tuple]]:
    cursor = con.execute(sql)
    if cursor.description is None:
        return [], []
    return [d[0] for d in cursor.description], cursor.fetchall()
