"""A run's landing files as typed relations: its full listing rows, fingerprinted, and its unchanged markers."""

import duckdb

from warehouse.landing import LISTING_COLUMNS, STATS_COLUMNS, UNCHANGED_COLUMNS, RunFolder, sql_list, sql_struct

# Everything a listing's page states, in the order of the listing_content_hash macro (migration 006).
CONTENT_COLUMNS = [
    "url", "title", "description", "requester_id", "requester_name", "category", "reward_amount", "reward_currency",
    "reward_original_amount", "reward_original_unit", "screen_out_reward", "reward_max", "pay_basis", "minutes",
    "minutes_kind", "title_minutes_hint", "observed_minutes", "places_available", "requirements", "countries",
    "posted_at", "expires_at", "source_mode", "flags",
]  # fmt: skip
CONTENT = ", ".join(CONTENT_COLUMNS)
# Facts about the person and the client (migration 009): stored with every version, outside the old hash macro.
FACT_COLUMNS = [
    "qualified",
    "devices",
    "client_payment_verified",
    "client_total_spent",
    "client_rating",
    "proposals_min",
]
FACTS = ", ".join(FACT_COLUMNS)
SAME_KEY = "t.platform = s.platform AND t.listing_id = s.listing_id"


def typed_rows(files: list, columns: dict[str, str]) -> str:
    """A relation over landing files read with explicit column types; an empty one when there are none."""
    if files:
        return (
            f"read_json({sql_list(files)}, format='newline_delimited', hive_partitioning=false, "
            f"columns={sql_struct(columns)})"
        )
    return "(SELECT " + ", ".join(f"NULL::{kind} AS {name}" for name, kind in columns.items()) + " WHERE false)"


def stats_rows(folder: RunFolder) -> str:
    """The run's finished sources' stats files (one pretty-printed JSON object each)."""
    return (
        f"read_json({sql_list(folder.stats_files())}, format='auto', hive_partitioning=false, "
        f"columns={sql_struct(STATS_COLUMNS)})"
    )


def listing_rows(folder: RunFolder) -> str:
    """The run's full listing rows with the reward flattened; files from before the crawler fingerprinted listings
    get the same kind of hash computed here."""
    return f"""(
        SELECT * EXCLUDE (content_hash),
               CASE WHEN content_hash IS NULL THEN listing_content_hash({CONTENT}) ELSE content_hash END
                   AS content_hash
        FROM (
            SELECT * EXCLUDE (reward),
                   reward.amount AS reward_amount, reward.currency AS reward_currency,
                   reward.original_amount AS reward_original_amount, reward.original_unit AS reward_original_unit
            FROM {typed_rows(folder.listing_files(), LISTING_COLUMNS)}
        )
    )"""


def drop_repeated_keys(
    con: duckdb.DuckDBPyConnection, table: str, seen_at: str, where: str = "true", markers: bool = False
) -> None:
    """Deletes the rows of `table` (those matching `where`) that lose to another row of the same key: the latest
    sighting wins, ties broken by content (the fingerprint, then a hash of the content itself, in case a hand-edited
    file kept a stale fingerprint) so order never matters. Markers carry nothing beyond their fingerprint.

    Counting repeated keys first costs a fifth of ranking them, and most runs repeat none."""
    keys = f"SELECT platform, listing_id FROM {table} WHERE {where} GROUP BY ALL HAVING count(*) > 1"
    if not con.execute(f"SELECT count(*) FROM ({keys})").fetchone()[0]:
        return
    content = "0" if markers else f"listing_content_hash({CONTENT})"
    con.execute(
        f"""
        DELETE FROM {table} WHERE rowid IN (
            SELECT rowid FROM (
                SELECT rowid, row_number() OVER (
                    PARTITION BY platform, listing_id ORDER BY {seen_at} DESC, content_hash DESC, {content} DESC
                ) AS place
                FROM {table} SEMI JOIN ({keys}) AS repeated USING (platform, listing_id)
                WHERE {where}
            )
            WHERE place > 1
        )
        """
    )


def stage_listings(con: duckdb.DuckDBPyConnection, folder: RunFolder) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE stage_listings AS SELECT * FROM {listing_rows(folder)}")
    drop_repeated_keys(con, "stage_listings", "observed_at")


def stage_unchanged(con: duckdb.DuckDBPyConnection, folder: RunFolder, full_rows: str | None) -> None:
    """The run's unchanged markers; a marker whose key also landed in full (in the table `full_rows`) is dropped."""
    markers = folder.unchanged_files()
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE stage_unchanged AS SELECT * FROM {typed_rows(markers, UNCHANGED_COLUMNS)}"
    )
    # One crawl never lands a key twice; two sources of the same platform can. A full row then wins over a marker,
    # and of repeated markers the latest (then the highest fingerprint) stays.
    contributing = {p.name.split(".")[0] for p in folder.listing_files() + markers}
    if not markers or len(contributing) < 2:
        return
    if full_rows:
        con.execute(
            f"DELETE FROM stage_unchanged WHERE rowid IN "
            f"(SELECT s.rowid FROM stage_unchanged AS s SEMI JOIN {full_rows} AS t ON {SAME_KEY})"
        )
    drop_repeated_keys(con, "stage_unchanged", "observed_at", markers=True)
