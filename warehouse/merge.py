"""Merging one run into `listing_versions` (whose current rows are `listings`): first sightings appended, changed
listings given a new version, every sighting moving last seen.

Each path leaves a temp view `run_rows` (key, observed_at and what an observation records) over the run's full rows.
"""

import duckdb

from warehouse.landing import RunFolder
from warehouse.staging import (
    CONTENT,
    CONTENT_COLUMNS,
    FACT_COLUMNS,
    FACTS,
    SAME_KEY,
    drop_repeated_keys,
    listing_rows,
    stats_rows,
)


class LoadError(Exception):
    """A run that cannot be loaded as it stands; nothing of it was written."""


OBSERVATION = ", ".join(
    ["platform", "listing_id", "observed_at", "reward_amount", "reward_currency", "minutes", "observed_minutes",
     "places_available"]
)  # fmt: skip

_KNOWN = "SELECT count(*) FROM listings WHERE platform IN (SELECT platform FROM run_platforms)"


def first_sighting(con: duckdb.DuckDBPyConnection, folder: RunFolder) -> bool:
    """Does the warehouse hold nothing yet of any platform this run landed? Then every row is new. A source whose
    stats do not list its platforms (landed before they did) makes the run's platforms unknown."""
    stats = stats_rows(folder)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE run_platforms AS SELECT DISTINCT unnest(platforms) AS platform FROM {stats}"
    )
    if con.execute(f"SELECT count(*) FROM {stats} WHERE platforms IS NULL AND items > 0").fetchone()[0]:
        return False
    return con.execute(_KNOWN).fetchone()[0] == 0


_RUN_PLATFORM = "platform IN (SELECT platform FROM run_platforms)"
_NEW_COLUMNS = f"""
platform, listing_id, {CONTENT}, {FACTS}, content_hash, observed_at AS first_seen, observed_at AS last_seen,
run_id AS first_run_id, run_id AS last_run_id, true AS still_open
"""


def append_first_sighting(con: duckdb.DuckDBPyConnection, folder: RunFolder, run_id: str) -> None:
    """Straight from the files into `listing_versions`, then repeated keys resolved there: no staging copy."""
    insert = f"INSERT INTO listing_versions BY NAME SELECT {_NEW_COLUMNS} FROM {listing_rows(folder)}"
    appended = con.execute(insert).fetchone()[0]
    declared = con.execute(f"SELECT count(*) FROM listings WHERE {_RUN_PLATFORM}").fetchone()[0]
    if declared != appended:
        raise LoadError(
            f"run {run_id!r}: {appended - declared:,} landed listings belong to platforms no stats file declares; "
            "the landing folder was changed after the crawl"
        )
    drop_repeated_keys(con, "listing_versions", "last_seen", _RUN_PLATFORM)
    con.execute(
        "CREATE OR REPLACE TEMP VIEW run_rows AS "
        f"SELECT {OBSERVATION.replace('observed_at', 'last_seen AS observed_at')} FROM listings WHERE {_RUN_PLATFORM}"
    )


# A newer sighting whose page says something new becomes the listing's current version, keeping when it was first
# seen; the old version is marked superseded. Keys first, then rows: joining whole staged rows made the hash table
# carry every column.
_VERSIONS = "listing_versions AS t"
_STAGED_CONTENT = ", ".join(
    f"s.{c}" for c in ("platform", "listing_id", *CONTENT_COLUMNS, *FACT_COLUMNS, "content_hash")
)
_CHANGED = [
    f"""
    CREATE OR REPLACE TEMP TABLE changed_keys AS
    SELECT s.rowid AS stage_row, t.rowid AS version_row, t.first_seen, t.first_run_id
    FROM stage_listings AS s JOIN {_VERSIONS} ON {SAME_KEY} AND NOT t.superseded
    WHERE s.observed_at >= t.last_seen AND t.content_hash IS DISTINCT FROM s.content_hash
    """,
    "UPDATE listing_versions SET superseded = true WHERE rowid IN (SELECT version_row FROM changed_keys)",
    f"""
    INSERT INTO listing_versions BY NAME
    SELECT {_STAGED_CONTENT},
           k.first_seen, s.observed_at AS last_seen, k.first_run_id, s.run_id AS last_run_id, true AS still_open
    FROM changed_keys AS k JOIN stage_listings AS s ON s.rowid = k.stage_row
    """,
]
# ...every newer sighting moves last seen; an older one (a late-loaded earlier run) can only move first seen.
_SEEN = f"""
UPDATE {_VERSIONS} SET last_seen = s.observed_at, last_run_id = s.run_id, still_open = true
FROM stage_listings AS s
WHERE {SAME_KEY} AND NOT t.superseded AND s.observed_at >= t.last_seen
"""
_SEEN_EARLIER = f"""
UPDATE {_VERSIONS} SET first_seen = s.observed_at, first_run_id = s.run_id
FROM stage_listings AS s
WHERE {SAME_KEY} AND NOT t.superseded AND s.observed_at < t.first_seen
"""
# Keys first, as for changed rows.
_NEW = [
    f"""
    CREATE OR REPLACE TEMP TABLE new_keys AS
    SELECT s.rowid AS stage_row FROM stage_listings AS s ANTI JOIN listings AS t ON {SAME_KEY}
    """,
    f"""
    INSERT INTO listing_versions BY NAME
    SELECT {_STAGED_CONTENT},
           s.observed_at AS first_seen, s.observed_at AS last_seen, s.run_id AS first_run_id,
           s.run_id AS last_run_id, true AS still_open
    FROM new_keys AS k JOIN stage_listings AS s ON s.rowid = k.stage_row
    """,
]


def merge_staged(con: duckdb.DuckDBPyConnection) -> None:
    """From the staged full rows: new versions of changed listings, last seen moved, new listings added."""
    for statement in (*_CHANGED, _SEEN, _SEEN_EARLIER, *_NEW):
        con.execute(statement)
    con.execute(f"CREATE OR REPLACE TEMP VIEW run_rows AS SELECT {OBSERVATION} FROM stage_listings")


# An unchanged marker is a sighting only if the warehouse holds the very content it fingerprints.
_MATCHES = f"{SAME_KEY} AND t.content_hash = s.content_hash"
_SEEN_UNCHANGED = f"""
UPDATE {_VERSIONS} SET last_seen = s.observed_at, last_run_id = ?, still_open = true
FROM stage_unchanged AS s
WHERE {_MATCHES} AND NOT t.superseded AND s.observed_at >= t.last_seen
"""
# A run loaded after a later one: its marker may fingerprint a version since superseded, which still resolves it.
_UNRESOLVED = f"SELECT count(*) FROM stage_unchanged AS s ANTI JOIN listing_versions AS t ON {_MATCHES}"
_SEEN_UNCHANGED_EARLIER = f"""
UPDATE {_VERSIONS} SET first_seen = s.observed_at, first_run_id = ?
FROM stage_unchanged AS s
WHERE {SAME_KEY} AND NOT t.superseded AND s.observed_at < t.first_seen
"""


# A newer marker whose content is not the current version's: the listing went back to older content, or the
# crawl's base was not the latest. The marker cannot say what changed since.
_STALE = f"""
SELECT count(*) FROM stage_unchanged AS s JOIN {_VERSIONS} ON {SAME_KEY} AND NOT t.superseded
WHERE s.observed_at >= t.last_seen AND t.content_hash <> s.content_hash
"""


def see_unchanged(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Moves last seen for every marker; when not every marker moved it (a late-loaded earlier run, a base run the
    warehouse lacks, or newer content since the base), checks that each one resolves, then moves first seen."""
    markers = con.execute("SELECT count(*) FROM stage_unchanged").fetchone()[0]
    if not markers or con.execute(_SEEN_UNCHANGED, [run_id]).fetchone()[0] == markers:
        return
    unresolved, stale = (con.execute(query).fetchone()[0] for query in (_UNRESOLVED, _STALE))
    if unresolved or stale:
        bases = con.execute(
            "SELECT string_agg(DISTINCT base_run_id, ', ' ORDER BY base_run_id) FROM source_runs "
            "WHERE run_id = ? AND unchanged > 0",
            [run_id],
        ).fetchone()[0]
        found = f"run {run_id!r}: {unresolved or stale:,} listings landed as unchanged since run {bases or '?'}"
        if unresolved:
            raise LoadError(
                f"{found}, whose content the warehouse does not hold: load that run first, "
                "or crawl again with `taskrank run --full`"
            )
        raise LoadError(
            f"{found}, but the warehouse holds newer content for them: crawl again with `taskrank run --full`"
        )
    con.execute(_SEEN_UNCHANGED_EARLIER, [run_id])
