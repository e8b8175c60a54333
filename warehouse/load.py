"""Loading one run's landing folder: stage, de-duplicate, merge, observe — all in one transaction."""

from dataclasses import dataclass, field

import duckdb

from warehouse import merge
from warehouse.landing import REJECT_COLUMNS, STATS_COLUMNS, RunFolder, sql_list, sql_struct
from warehouse.merge import OBSERVATION
from warehouse.staging import stage_listings, stage_unchanged, stats_rows

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


# Listings of a platform this run covered, last seen before its first page of that platform, have closed (pages
# of one run can carry their own times, as a browser export's do).
_SIGHTINGS = "(SELECT platform, observed_at FROM run_rows UNION ALL SELECT platform, observed_at FROM stage_unchanged)"
_CLOSE = f"""
UPDATE listing_versions SET still_open = false
FROM (SELECT platform, min(observed_at) AS first_seen_now FROM {_SIGHTINGS} GROUP BY platform) AS covered
WHERE listing_versions.still_open AND NOT listing_versions.superseded
  AND listing_versions.platform = covered.platform
  AND listing_versions.last_seen < covered.first_seen_now
"""
_OBSERVE = [
    f"INSERT INTO listing_observations SELECT ?, {OBSERVATION} FROM {rows}" for rows in ("run_rows", "stage_unchanged")
]
_TEMPORARY = ["run_rows", "stage_listings", "stage_unchanged", "changed_keys", "new_keys", "run_platforms"]


def load_run(con: duckdb.DuckDBPyConnection, folder: RunFolder, run_id: str) -> LoadResult:
    """Load a run folder; loading it again leaves the same tables."""
    if not folder.path.is_dir():
        raise FileNotFoundError(f"no landing folder for run {run_id!r} at {folder.path}")
    if not folder.sources:
        raise FileNotFoundError(f"run {run_id!r} has no finished source (no *.stats.json in {folder.path})")
    # Rows have no order here; without keeping one DuckDB writes them from both threads at once.
    con.execute("SET preserve_insertion_order = false")
    try:
        # Scratch copies of the files go in temp tables before the transaction: read back inside the transaction
        # that wrote them, they took twice as long. A first sighting needs none: it appends from the files.
        first = merge.first_sighting(con, folder)
        if not first:
            stage_listings(con, folder)
        stage_unchanged(con, folder, full_rows=None if first else "stage_listings")
        result = _merge_in_one_transaction(con, folder, run_id, first)
    finally:
        con.execute("RESET preserve_insertion_order")
        for name in _TEMPORARY:
            con.execute(f"DROP VIEW IF EXISTS {name}" if name == "run_rows" else f"DROP TABLE IF EXISTS {name}")
    con.execute("CHECKPOINT")
    return result


def _merge_in_one_transaction(
    con: duckdb.DuckDBPyConnection, folder: RunFolder, run_id: str, first: bool
) -> LoadResult:
    con.execute("BEGIN TRANSACTION")
    try:
        _replace_source_runs(con, folder, run_id)
        if first:
            merge.append_first_sighting(con, folder, run_id)
        else:
            merge.merge_staged(con)
        merge.see_unchanged(con, run_id)
        con.execute(_CLOSE)
        con.execute("DELETE FROM listing_observations WHERE run_id = ?", [run_id])
        for statement in _OBSERVE:
            con.execute(statement, [run_id])
        _replace_rejects(con, folder, run_id)
        con.execute(_AGAINST_HISTORY, [run_id, HISTORY_RUNS, run_id])
        result = _record_run(con, run_id)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
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
    values = ", ".join("?::VARCHAR AS run_id" if name == "run_id" else name for name in STATS_COLUMNS)
    con.execute(f"INSERT INTO source_runs ({names}) SELECT {values} FROM {stats_rows(folder)}", [run_id])


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
    observed_at = con.execute(f"SELECT max(observed_at) FROM {_SIGHTINGS}").fetchone()[0]
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
