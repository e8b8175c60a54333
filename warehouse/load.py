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
    # The same key twice in one batch: the latest observation wins, ties broken by content so order never matters.
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE stage_listings AS
        SELECT * EXCLUDE (reward),
               reward.amount AS reward_amount, reward.currency AS reward_currency,
               reward.original_amount AS reward_original_amount, reward.original_unit AS reward_original_unit
        FROM {source}
        QUALIFY row_number() OVER (
            PARTITION BY platform, listing_id
            ORDER BY observed_at DESC, hash(reward, minutes, places_available, title, url, description) DESC
        ) = 1
        """
    )


_MERGE = """
MERGE INTO listings AS t
USING stage_listings AS s
ON t.platform = s.platform AND t.listing_id = s.listing_id
WHEN MATCHED AND s.observed_at >= t.last_seen THEN UPDATE SET
    url = s.url, title = s.title, description = s.description, requester_id = s.requester_id,
    requester_name = s.requester_name, category = s.category, reward_amount = s.reward_amount,
    reward_currency = s.reward_currency, reward_original_amount = s.reward_original_amount,
    reward_original_unit = s.reward_original_unit, screen_out_reward = s.screen_out_reward,
    reward_max = s.reward_max,
    pay_basis = s.pay_basis, minutes = s.minutes,
    minutes_kind = s.minutes_kind, title_minutes_hint = s.title_minutes_hint,
    observed_minutes = s.observed_minutes, places_available = s.places_available,
    requirements = s.requirements, countries = s.countries, posted_at = s.posted_at, expires_at = s.expires_at,
    source_mode = s.source_mode, flags = s.flags,
    first_seen = least(t.first_seen, s.observed_at),
    first_run_id = CASE WHEN s.observed_at < t.first_seen THEN s.run_id ELSE t.first_run_id END,
    last_seen = s.observed_at, last_run_id = s.run_id, still_open = true
WHEN MATCHED THEN UPDATE SET
    first_seen = least(t.first_seen, s.observed_at),
    first_run_id = CASE WHEN s.observed_at < t.first_seen THEN s.run_id ELSE t.first_run_id END
WHEN NOT MATCHED THEN INSERT (
    platform, listing_id, url, title, description, requester_id, requester_name, category, reward_amount,
    reward_currency, reward_original_amount, reward_original_unit, pay_basis, minutes, minutes_kind,
    title_minutes_hint, observed_minutes, places_available, requirements, countries, posted_at, expires_at,
    source_mode, flags, first_seen, last_seen, first_run_id, last_run_id, still_open, screen_out_reward, reward_max
) VALUES (
    s.platform, s.listing_id, s.url, s.title, s.description, s.requester_id, s.requester_name, s.category,
    s.reward_amount, s.reward_currency, s.reward_original_amount, s.reward_original_unit, s.pay_basis, s.minutes,
    s.minutes_kind, s.title_minutes_hint, s.observed_minutes, s.places_available, s.requirements, s.countries,
    s.posted_at, s.expires_at, s.source_mode, s.flags, s.observed_at, s.observed_at, s.run_id, s.run_id, true,
    s.screen_out_reward, s.reward_max
)
"""

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
        con.execute(_MERGE)
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
