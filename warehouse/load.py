"""Loading one run's landing folder: stage, de-duplicate, merge — all in one transaction."""

from dataclasses import dataclass, field

import duckdb

from warehouse.landing import (
    LISTING_COLUMNS,
    REJECT_COLUMNS,
    STATS_COLUMNS,
    RunFolder,
    sql_list,
    sql_struct,
)

_WORST_FIRST = ["failed", "broken", "degraded", "ok"]


@dataclass(frozen=True)
class LoadResult:
    run_id: str
    sources: list[str]
    listings: int
    rejects: int
    health: str
    # source -> "health: message" for every source that broke or failed in this run
    unhealthy: dict[str, str] = field(default_factory=dict)


# Everything a listing's page states, in the order of the listing_content_hash macro (migration 006).
CONTENT_COLUMNS = [
    "url", "title", "description", "requester_id", "requester_name", "category", "reward_amount", "reward_currency",
    "reward_original_amount", "reward_original_unit", "screen_out_reward", "reward_max", "pay_basis", "minutes",
    "minutes_kind", "title_minutes_hint", "observed_minutes", "places_available", "requirements", "countries",
    "posted_at", "expires_at", "source_mode", "flags",
]  # fmt: skip
_CONTENT = ", ".join(CONTENT_COLUMNS)


def _stage(con: duckdb.DuckDBPyConnection, folder: RunFolder) -> None:
    files = folder.listing_files()
    if files:
        source = (
            f"read_json({sql_list(files)}, format='newline_delimited', hive_partitioning=false, "
            f"columns={sql_struct(LISTING_COLUMNS)})"
        )
    else:
        source = "(SELECT " + ", ".join(f"NULL::{kind} AS {name}" for name, kind in LISTING_COLUMNS.items())
        source += " WHERE false)"
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stage_listings AS
        SELECT *, listing_content_hash({_CONTENT}) AS content_hash
        FROM (
            SELECT * EXCLUDE (reward),
                   reward.amount AS reward_amount, reward.currency AS reward_currency,
                   reward.original_amount AS reward_original_amount, reward.original_unit AS reward_original_unit
            FROM {source}
        )
        """
    )
    # The same key twice in one batch: the latest observation wins, ties broken by content so order never matters.
    # Only keys that repeat are ranked; a full window over every row cost as much as reading the files.
    con.execute(
        """
        DELETE FROM stage_listings WHERE rowid IN (
            SELECT rowid FROM (
                SELECT rowid, row_number() OVER (
                    PARTITION BY platform, listing_id ORDER BY observed_at DESC, content_hash DESC
                ) AS place
                FROM stage_listings
                WHERE (platform, listing_id) IN (
                    SELECT (platform, listing_id) FROM stage_listings GROUP BY ALL HAVING count(*) > 1
                )
            )
            WHERE place > 1
        )
        """
    )


_SAME_KEY = "t.platform = s.platform AND t.listing_id = s.listing_id"
# A newer sighting whose page says something new replaces the row, keeping when it was first seen. DuckDB rewrote
# list columns row by row in an UPDATE (5.5 s for 100,000 of a million rows); delete and insert take a fraction.
_CHANGED = [
    # Keys first, then their rows: joining the whole staged rows made the hash table carry every column.
    f"""
    CREATE OR REPLACE TEMP TABLE changed_keys AS
    SELECT s.rowid AS stage_row, t.first_seen, t.first_run_id
    FROM stage_listings AS s JOIN listings AS t ON {_SAME_KEY}
    WHERE s.observed_at >= t.last_seen AND t.content_hash IS DISTINCT FROM s.content_hash
    """,
    """
    CREATE OR REPLACE TEMP TABLE changed_listings AS
    SELECT s.*, k.first_seen, k.first_run_id FROM changed_keys AS k JOIN stage_listings AS s ON s.rowid = k.stage_row
    """,
    f"DELETE FROM listings AS t USING changed_listings AS s WHERE {_SAME_KEY}",
    f"""
    INSERT INTO listings BY NAME
    SELECT platform, listing_id, {_CONTENT}, content_hash, first_seen, observed_at AS last_seen, first_run_id,
           run_id AS last_run_id, true AS still_open
    FROM changed_listings
    """,
]
# ...every newer sighting moves last seen; an older one (a late-loaded earlier run) can only move first seen.
_SEEN = f"""
UPDATE listings AS t SET last_seen = s.observed_at, last_run_id = s.run_id, still_open = true
FROM stage_listings AS s
WHERE {_SAME_KEY} AND s.observed_at >= t.last_seen
"""
_SEEN_EARLIER = f"""
UPDATE listings AS t SET first_seen = s.observed_at, first_run_id = s.run_id
FROM stage_listings AS s
WHERE {_SAME_KEY} AND s.observed_at < t.first_seen
"""
_NEW_KEYS = f"""
CREATE OR REPLACE TEMP TABLE new_keys AS
SELECT s.rowid AS stage_row FROM stage_listings AS s ANTI JOIN listings AS t ON {_SAME_KEY}
"""
_NEW_COLUMNS = f"""
s.platform, s.listing_id, {", ".join(f"s.{c}" for c in CONTENT_COLUMNS)}, s.content_hash,
s.observed_at AS first_seen, s.observed_at AS last_seen, s.run_id AS first_run_id, s.run_id AS last_run_id,
true AS still_open
"""


def _insert_new(con: duckdb.DuckDBPyConnection) -> None:
    """Listings never seen before; when every staged row is new (a first load) without joining back."""
    con.execute(_NEW_KEYS)
    counts = "SELECT (SELECT count(*) FROM new_keys), (SELECT count(*) FROM stage_listings)"
    new, staged = con.execute(counts).fetchone()
    rows = "stage_listings AS s" if new == staged else "new_keys AS k JOIN stage_listings AS s ON s.rowid = k.stage_row"
    con.execute(f"INSERT INTO listings BY NAME SELECT {_NEW_COLUMNS} FROM {rows}")


# Listings of a platform this run covered, last seen before it, have closed.
_CLOSE = """
UPDATE listings SET still_open = false
WHERE still_open
  AND platform IN (SELECT DISTINCT platform FROM stage_listings)
  AND last_seen < (SELECT max(observed_at) FROM stage_listings)
"""


def load_run(con: duckdb.DuckDBPyConnection, folder: RunFolder, run_id: str) -> LoadResult:
    """Load a run folder; loading it again leaves the same tables."""
    if not folder.path.is_dir():
        raise FileNotFoundError(f"no landing folder for run {run_id!r} at {folder.path}")
    if not folder.sources:
        raise FileNotFoundError(f"run {run_id!r} has no finished source (no *.stats.json in {folder.path})")
    con.execute("BEGIN TRANSACTION")
    try:
        _stage(con, folder)
        for statement in (*_CHANGED, _SEEN, _SEEN_EARLIER):
            con.execute(statement)
        _insert_new(con)
        con.execute(_CLOSE)
        con.execute("DELETE FROM listing_observations WHERE run_id = ?", [run_id])
        con.execute(
            """
            INSERT INTO listing_observations
            SELECT ?, platform, listing_id, observed_at, reward_amount, reward_currency, minutes,
                   observed_minutes, places_available
            FROM stage_listings
            """,
            [run_id],
        )
        _replace_rejects(con, folder, run_id)
        _replace_source_runs(con, folder, run_id)
        con.execute(_AGAINST_HISTORY, [run_id, HISTORY_RUNS, run_id])
        result = _record_run(con, run_id)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    con.execute("CHECKPOINT")
    return result


def _replace_rejects(con: duckdb.DuckDBPyConnection, folder: RunFolder, run_id: str) -> None:
    con.execute("DELETE FROM rejects WHERE run_id = ?", [run_id])
    files = folder.reject_files()
    if not files:
        return
    con.execute(
        f"""
        INSERT INTO rejects
        SELECT ?, regexp_extract(filename, '([^/]+)\\.rejects\\.jsonl$', 1), reason, page_url, raw::VARCHAR
        FROM read_json({sql_list(files)}, format='newline_delimited', hive_partitioning=false,
                       columns={sql_struct(REJECT_COLUMNS)},
                       filename=true)
        """,
        [run_id],
    )


def _replace_source_runs(con: duckdb.DuckDBPyConnection, folder: RunFolder, run_id: str) -> None:
    con.execute("DELETE FROM source_runs WHERE run_id = ?", [run_id])
    names = ", ".join(STATS_COLUMNS)
    con.execute(
        f"""
        INSERT INTO source_runs ({names})
        SELECT {names.replace("run_id", "?::VARCHAR AS run_id")}
        FROM read_json({sql_list(folder.stats_files())}, format='auto', hive_partitioning=false,
                       columns={sql_struct(STATS_COLUMNS)})
        """,
        [run_id],
    )


# How many earlier healthy runs of a source set what it "usually" returns, and the share below which a drop is
# reported. A source that usually returns listings and now returns none or mostly rejects is broken, not "ok".
HISTORY_RUNS = 5
DROP_SHARE = 0.2
_AGAINST_HISTORY = f"""
WITH earlier AS (
    SELECT source, items,
           row_number() OVER (PARTITION BY source ORDER BY run_id DESC) AS recency
    FROM source_runs
    WHERE run_id < ? AND health IN ('ok', 'degraded') AND mode <> 'catalog'
), usual AS (
    SELECT source, median(items) AS items, count(*) AS runs FROM earlier WHERE recency <= ? GROUP BY source
)
UPDATE source_runs AS s SET
    health = CASE WHEN s.items = 0 OR s.rejects > s.items THEN 'broken' ELSE 'degraded' END,
    message = concat_ws('; ', nullif(s.message, ''),
        CASE WHEN s.items = 0 THEN 'returned no listings'
             WHEN s.rejects > s.items THEN 'returned mostly rejects'
             ELSE 'returned far fewer listings' END
        || format(' (usually {{}} over the last {{}} healthy runs)', u.items::BIGINT, u.runs))
FROM usual AS u
WHERE s.run_id = ? AND s.source = u.source AND u.items > 0
  AND (s.items = 0 OR s.rejects > s.items OR s.items < {DROP_SHARE} * u.items)
"""


def _record_run(con: duckdb.DuckDBPyConnection, run_id: str) -> LoadResult:
    sources, listings, rejects, healths = con.execute(
        "SELECT list(source ORDER BY source), sum(items), sum(rejects), list(health) FROM source_runs WHERE run_id = ?",
        [run_id],
    ).fetchone()
    health = next((h for h in _WORST_FIRST if h in healths), "ok")
    observed_at = con.execute("SELECT max(observed_at) FROM stage_listings").fetchone()[0]
    con.execute("DELETE FROM runs WHERE run_id = ?", [run_id])
    con.execute(
        "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, 'loaded')",
        [run_id, observed_at, sources, int(listings or 0), int(rejects or 0), health],
    )
    unhealthy = con.execute(
        "SELECT source, health, message FROM source_runs WHERE run_id = ? AND health IN ('broken', 'failed') "
        "ORDER BY source",
        [run_id],
    ).fetchall()
    alerts = {source: f"{state}: {message}" if message else state for source, state, message in unhealthy}
    return LoadResult(run_id, sources, int(listings or 0), int(rejects or 0), health, alerts)
