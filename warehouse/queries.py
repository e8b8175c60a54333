"""Reads and writes the rest of taskrank needs; data leaves and enters as Arrow tables."""

from datetime import date

import duckdb
import pandas as pd
import pyarrow as pa

from contracts.catalog import Catalog
from warehouse.connection import transaction

COMPLETED_STATUSES = "('approved', 'rejected', 'pending')"


def open_listings(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """The ranking input: every open listing."""
    sql = "SELECT * EXCLUDE (still_open) FROM ranking_input WHERE still_open ORDER BY platform, listing_id"
    return con.execute(sql).to_arrow_table()


def unestimated_listings(con: duckdb.DuckDBPyConnection, estimator: str) -> pa.Table:
    """Open listings whose current version has no stored estimate from this estimator, with their content hash."""
    return con.execute(
        """
        SELECT r.* EXCLUDE (still_open), l.content_hash
        FROM ranking_input r JOIN listings l USING (platform, listing_id)
        ANTI JOIN listing_estimates e
            ON e.platform = r.platform AND e.listing_id = r.listing_id AND e.content_hash = l.content_hash
           AND e.estimator = ?
        WHERE r.still_open ORDER BY platform, listing_id
        """,
        [estimator],
    ).to_arrow_table()


def store_estimates(con: duckdb.DuckDBPyConnection, estimates: pa.Table, estimator: str) -> None:
    """Replace the listings' stored estimates with these (platform, listing_id, content_hash and the estimate
    columns): one row per listing, for its newest estimated version; a closed listing's stays for when it returns."""
    con.register("fresh_estimates", estimates)
    try:
        with transaction(con):
            con.execute(
                "DELETE FROM listing_estimates e WHERE EXISTS (SELECT 1 FROM fresh_estimates f "
                "WHERE f.platform = e.platform AND f.listing_id = e.listing_id)"
            )
            con.execute(
                "INSERT INTO listing_estimates BY NAME SELECT *, ? AS estimator, now() AS estimated_at "
                "FROM fresh_estimates",
                [estimator],
            )
    finally:
        con.unregister("fresh_estimates")


def estimated_listings(con: duckdb.DuckDBPyConnection, estimator: str) -> pa.Table:
    """The ranking input with each open listing's stored estimate from this estimator (none is left out: rank
    estimates what is missing first)."""
    return con.execute(
        """
        SELECT r.* EXCLUDE (still_open), e.minutes_p10, e.minutes_used, e.minutes_p90, e.minutes_source,
               e.weak_estimate
        FROM ranking_input r JOIN listings l USING (platform, listing_id)
        JOIN listing_estimates e
            ON e.platform = r.platform AND e.listing_id = r.listing_id AND e.content_hash = l.content_hash
           AND e.estimator = ?
        WHERE r.still_open ORDER BY platform, listing_id
        """,
        [estimator],
    ).to_arrow_table()


def requester_history(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Per requester over every listing ever seen: count, labelled count and the sum of log(observed / stated)."""
    return con.execute(
        """
        SELECT platform, requester_id, count(*) AS listings,
               count(ln(observed_minutes / minutes)) AS labelled,
               coalesce(sum(ln(observed_minutes / minutes)), 0) AS log_ratio_sum
        FROM listings WHERE requester_id IS NOT NULL
        GROUP BY ALL ORDER BY ALL
        """
    ).to_arrow_table()


def work_log_outcomes(con: duckdb.DuckDBPyConnection) -> pa.Table:
    sql = "SELECT platform, requester_id, minutes, status FROM work_log ORDER BY entry_id"
    return con.execute(sql).to_arrow_table()


def logged_listings(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Listings the person has worked on (completed), with the minutes their log records.

    An entry without a listing id (a Prolific export names the study only) finds its listing by platform and title;
    one entry never counts twice.
    """
    return con.execute(
        f"""
        SELECT l.* EXCLUDE (still_open), w.minutes AS logged_minutes
        FROM work_log w JOIN ranking_input l
            ON l.platform = w.platform
           AND (l.listing_id = w.listing_id OR (w.listing_id IS NULL AND l.title = w.title))
        WHERE w.status IN {COMPLETED_STATUSES}
        QUALIFY row_number() OVER (PARTITION BY w.entry_id ORDER BY l.last_seen DESC, l.listing_id) = 1
        ORDER BY w.entry_id
        """
    ).to_arrow_table()


def with_listings(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> pd.DataFrame:
    """Rows keyed by platform and listing id, joined to what ranking reads of those listings (unknown ones drop)."""
    con.register("keyed_rows", rows)
    try:
        return con.execute(
            "SELECT l.* EXCLUDE (still_open), k.* EXCLUDE (platform, listing_id) "
            "FROM keyed_rows k JOIN ranking_input l USING (platform, listing_id)"
        ).df()
    finally:
        con.unregister("keyed_rows")


def platform_averages(con: duckdb.DuckDBPyConnection) -> pa.Table:
    """Listings whose platform published an average time: labels for the time model."""
    return con.execute(
        "SELECT * EXCLUDE (still_open) FROM ranking_input WHERE observed_minutes IS NOT NULL AND minutes IS NOT NULL "
        "ORDER BY platform, listing_id"
    ).to_arrow_table()


def replace_platforms(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    """The platforms table, rewritten from the catalog file (it is small, and the file is the truth)."""
    rows = []
    for key, e in sorted(catalog.platforms.items()):
        pay, points = e.typical_pay, e.points
        rows.append([
            key, e.name, e.url, e.pay_model, e.currency, points.unit if points else None,
            points.per_currency_unit if points else None, e.listings_need_login, e.listing_feed, e.payout_methods,
            e.platform_fee_share, e.payout_delay_days, pay.low if pay else None, pay.high if pay else None,
            pay.currency if pay else None, catalog.sources[pay.source] if pay else None, pay.generic if pay else None,
            catalog.version,
        ])  # fmt: skip
    stored = con.execute("SELECT count(*) FILTER (catalog_version = ?), count(*) FROM platforms", [catalog.version])
    if stored.fetchone() == (len(rows), len(rows)):
        return  # unchanged: concurrent loads on a lake need not race to rewrite it
    with transaction(con):
        con.execute("DELETE FROM platforms")
        con.executemany(f"INSERT INTO platforms VALUES ({', '.join('?' * 18)})", rows)


def fx_rates(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """Units of each currency per US dollar, newest date per currency."""
    rows = con.execute("SELECT currency, arg_max(per_usd, as_of) FROM fx_rates GROUP BY currency").fetchall()
    return {currency: rate for currency, rate in rows}


def replace_fx_rates(con: duckdb.DuckDBPyConnection, rates: dict[str, float], as_of: date) -> None:
    stored = con.execute("SELECT currency, per_usd FROM fx_rates WHERE as_of = ?", [as_of]).fetchall()
    if dict(stored) == rates:
        return
    with transaction(con):
        con.execute("DELETE FROM fx_rates WHERE as_of = ?", [as_of])
        con.executemany("INSERT INTO fx_rates VALUES (?, ?, ?)", [[c, r, as_of] for c, r in sorted(rates.items())])


def replace_ranked(
    con: duckdb.DuckDBPyConnection,
    ranked: dict[str, pa.Table],
    hidden: dict[str, dict[str, int]] | None = None,
    run_id: str = "",
) -> None:
    """Swap every given profile's ranked rows, and what its rules hid, in one transaction: all from this run, or all
    as they were."""
    with transaction(con):
        for profile, table in ranked.items():
            con.execute("DELETE FROM ranked_listings WHERE profile = ?", [profile])
            con.register("ranked_batch", table)
            con.execute("INSERT INTO ranked_listings BY NAME SELECT * FROM ranked_batch")
            con.unregister("ranked_batch")
            con.execute("DELETE FROM hidden_by_rule WHERE profile = ?", [profile])
            for rule, listings in (hidden or {}).get(profile, {}).items():
                con.execute("INSERT INTO hidden_by_rule VALUES (?, ?, ?, ?)", [profile, run_id, rule, listings])


def ranked(
    con: duckdb.DuckDBPyConnection,
    profile: str,
    limit: int | None = None,
    above_minimum: bool = False,
    rate_cards: bool | None = None,
) -> pa.Table:
    """A profile's ranked rows in rank order, less listings whose stated expiry has passed since they were ranked;
    `rate_cards` True or False keeps only rate cards or only listings."""
    sql = (
        "SELECT k.* FROM ranked_listings k LEFT JOIN listings l USING (platform, listing_id) "
        "WHERE k.profile = ? AND NOT coalesce(l.expires_at < now(), false)"
    )
    if above_minimum:
        sql += " AND NOT k.below_minimum"
    if rate_cards is not None:
        sql += f" AND {'' if rate_cards else 'NOT '}coalesce(k.source_mode = 'catalog', false)"
    sql += " ORDER BY k.rank"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return con.execute(sql, [profile]).to_arrow_table()


def source_health(con: duckdb.DuckDBPyConnection, run_id: str) -> list[dict]:
    cursor = con.execute(
        "SELECT * EXCLUDE (message, health_note), concat_ws('; ', nullif(message, ''), health_note) AS message "
        "FROM source_runs WHERE run_id = ? ORDER BY source",
        [run_id],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def version_count(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT count(*) FROM listing_versions").fetchone()[0]


def latest_run_id(con: duckdb.DuckDBPyConnection) -> str | None:
    row = con.execute("SELECT run_id FROM runs ORDER BY observed_at DESC NULLS LAST, run_id DESC LIMIT 1").fetchone()
    return row[0] if row else None


DONE_STATUSES = ("approved", "rejected", "pending", "returned", "screened_out")


def done_listings(con: duckdb.DuckDBPyConnection) -> frozenset[tuple[str, str]]:
    """Listings the work log shows worked on: done, returned or screened out."""
    rows = con.execute(
        "SELECT DISTINCT platform, listing_id FROM work_log WHERE listing_id IS NOT NULL AND status IN "
        f"({', '.join('?' for _ in DONE_STATUSES)})",
        list(DONE_STATUSES),
    ).fetchall()
    return frozenset(rows)


def blocked_pairs(con: duckdb.DuckDBPyConnection) -> dict[str, frozenset[tuple[str, str]]]:
    """Per profile, the (platform, requester id) pairs its block list in the warehouse holds."""
    blocked: dict[str, set[tuple[str, str]]] = {}
    for profile, platform, requester in con.execute(
        "SELECT profile, platform, requester_id FROM blocked_requesters"
    ).fetchall():
        blocked.setdefault(profile, set()).add((platform, requester))
    return {profile: frozenset(pairs) for profile, pairs in blocked.items()}


def block_list(con: duckdb.DuckDBPyConnection, profile: str) -> pa.Table:
    return con.execute(
        "SELECT platform, requester_id, requester_name, reason, blocked_at FROM blocked_requesters "
        "WHERE profile = ? ORDER BY platform, requester_id",
        [profile],
    ).to_arrow_table()


def add_blocks(con: duckdb.DuckDBPyConnection, profile: str, rows: pa.Table) -> int:
    """Insert or refresh blocks (platform, requester_id, requester_name, reason, blocked_at); returns rows written."""
    con.register("incoming_blocks", rows)
    try:
        with transaction(con):
            con.execute(
                "DELETE FROM blocked_requesters b WHERE profile = ? AND EXISTS "
                "(SELECT 1 FROM incoming_blocks i WHERE i.platform = b.platform AND i.requester_id = b.requester_id)",
                [profile],
            )
            con.execute(
                "INSERT INTO blocked_requesters SELECT DISTINCT ON (platform, requester_id) ? AS profile, platform, "
                "requester_id, requester_name, reason, blocked_at FROM incoming_blocks",
                [profile],
            )
    finally:
        con.unregister("incoming_blocks")
    return rows.num_rows


def remove_block(con: duckdb.DuckDBPyConnection, profile: str, requester_id: str) -> int:
    key = [profile, requester_id]
    removed = con.execute("SELECT count(*) FROM blocked_requesters WHERE profile = ? AND requester_id = ?", key)
    count = removed.fetchone()[0]
    con.execute("DELETE FROM blocked_requesters WHERE profile = ? AND requester_id = ?", key)
    return count


def hidden(con: duckdb.DuckDBPyConnection, profile: str) -> dict[str, int]:
    rows = con.execute(
        "SELECT rule, listings FROM hidden_by_rule WHERE profile = ? ORDER BY listings DESC, rule", [profile]
    ).fetchall()
    return dict(rows)


def digest_rows(con: duckdb.DuckDBPyConnection, profile: str) -> list[dict]:
    """A profile's ranked rows with what the digest's sections read: first run, expiry, places now and before."""
    cursor = con.execute(
        """
        WITH mine AS (SELECT * FROM ranked_listings WHERE profile = ?),
        seen AS (
            SELECT o.platform, o.listing_id, o.places_available,
                   row_number() OVER (PARTITION BY o.platform, o.listing_id ORDER BY o.observed_at DESC) AS back
            FROM listing_observations o SEMI JOIN mine USING (platform, listing_id)
        )
        SELECT m.*, l.first_run_id, l.posted_at, l.expires_at, l.pay_basis, l.reward_max::DOUBLE AS reward_max,
               now.places_available AS places_now,
               before.places_available AS places_before
        FROM mine m
        LEFT JOIN listings l USING (platform, listing_id)
        LEFT JOIN seen now ON now.platform = m.platform AND now.listing_id = m.listing_id AND now.back = 1
        LEFT JOIN seen before ON before.platform = m.platform AND before.listing_id = m.listing_id AND before.back = 2
        ORDER BY m.rank
        """,
        [profile],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def week_by_platform(con: duckdb.DuckDBPyConnection, since: object) -> list[dict]:
    """The work log since a moment, per platform and currency: tasks, minutes, earned and the effective rate."""
    cursor = con.execute(
        """
        SELECT platform, currency, count(*) AS tasks, sum(minutes) AS minutes,
               sum(earned + bonus)::DOUBLE AS earned,
               sum(earned + bonus)::DOUBLE / nullif(sum(minutes), 0) * 60 AS per_hour
        FROM work_log WHERE coalesce(started_at, ended_at) >= ? GROUP BY ALL ORDER BY platform, currency
        """,
        [since],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def undated_work(con: duckdb.DuckDBPyConnection) -> int:
    """Work-log rows with neither a start nor an end: no week can count them."""
    return con.execute("SELECT count(*) FROM work_log WHERE started_at IS NULL AND ended_at IS NULL").fetchone()[0]


def alerted(con: duckdb.DuckDBPyConnection, alert: str) -> set[tuple[str, str]]:
    rows = con.execute("SELECT platform, listing_id FROM alerts_sent WHERE alert = ?", [alert]).fetchall()
    return set(rows)


def record_alerts(con: duckdb.DuckDBPyConnection, alert: str, keys: list[tuple[str, str]]) -> None:
    fresh = sorted(set(keys) - alerted(con, alert))
    if fresh:
        con.executemany("INSERT INTO alerts_sent VALUES (?, ?, ?, now())", [[alert, *key] for key in fresh])


def is_first_run(con: duckdb.DuckDBPyConnection, run_id: str) -> bool:
    """Whether no run was loaded before this one: then every listing is new and "new" says nothing."""
    return con.execute("SELECT count(*) = 0 FROM runs WHERE run_id < ?", [run_id]).fetchone()[0]


def run_observed_at(con: duckdb.DuckDBPyConnection, run_id: str) -> object:
    row = con.execute("SELECT observed_at FROM runs WHERE run_id = ?", [run_id]).fetchone()
    return row[0] if row else None
