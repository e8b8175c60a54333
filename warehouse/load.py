"""Loading one run's landing folder: staged, merged, judged and checked in one transaction, the whole run or none."""

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from contracts.landing import RunFolder, landed_runs, run_folder
from warehouse import queries, sql
from warehouse.columns import ACCEPTED, CONTENT, LANDED_LISTING, LANDED_REJECT, LANDED_STATS
from warehouse.connection import compact, transaction

# How many earlier healthy runs of a source set what it "usually" returns, the share of that below which a drop is
# reported, and the share of a crawl's records that may be rejected before the source needs a look.
HISTORY_RUNS = 5
DROP_SHARE = 0.2
REJECT_SHARE = 0.1


class LoadError(Exception):
    """A run that cannot be loaded as it stands; nothing of it was written."""


@dataclass(frozen=True)
class LoadResult:
    run_id: str
    sources: list[str]
    listings: int
    rejects: int
    health: str
    # One row per source: its crawl's facts and the health the load judged.
    source_runs: list[dict] = field(default_factory=list)

    @property
    def unhealthy(self) -> dict[str, str]:
        """source -> "health: message" for every source that broke or failed in this run."""
        return {
            s["source"]: f"{s['health']}: {s['message']}" if s["message"] else s["health"]
            for s in self.source_runs
            if s["health"] in ("broken", "failed")
        }


def load_run(con: duckdb.DuckDBPyConnection, landing: Path, run_id: str) -> LoadResult:
    """Load a run folder. Loading it again, or loading runs in any order, leaves the same tables."""
    folder = run_folder(landing, run_id)
    if not folder.path.is_dir():
        raise FileNotFoundError(f"no landing folder for run {run_id!r} at {folder.path}")
    if not folder.sources:
        raise FileNotFoundError(f"run {run_id!r} has no landed source (no *.stats.json in {folder.path})")
    # Rows have no order here; without keeping one DuckDB writes them from both threads at once.
    con.execute("SET preserve_insertion_order = false")
    try:
        # Staged before the transaction: read back inside the transaction that wrote them, they took twice as long.
        _stage(con, folder)
        with transaction(con):
            result = _load_staged(con, landing, run_id)
    finally:
        con.execute("RESET preserve_insertion_order")
        _drop_scratch(con)
    compact(con)
    return result


def _drop_scratch(con: duckdb.DuckDBPyConnection) -> None:
    for name in ("landed_listings", "landed_stats", "landed_rejects", "previous_runs", "sightings"):
        con.execute(f"DROP TABLE IF EXISTS {name}")


def rebuild(con: duckdb.DuckDBPyConnection, landing: Path) -> list[LoadResult]:
    """Every landed run loaded afresh, oldest first, in place of what the warehouse holds of landed data: all of it
    in one transaction, so a failure leaves the warehouse as it was."""
    runs = sorted(landed_runs(landing), key=lambda run: (_observed(con, run_folder(landing, run)), run))
    results = []
    try:
        with transaction(con):
            for table in ("listing_versions", "source_runs", "runs", "rejects"):
                con.execute(f"DELETE FROM {table}")
            for run in runs:
                _stage(con, run_folder(landing, run))
                results.append(_load_staged(con, landing, run))
    finally:
        _drop_scratch(con)
    compact(con)
    return results


def _observed(con: duckdb.DuckDBPyConnection, folder: RunFolder) -> str:
    """When a run saw its listings, as text that sorts in time; "" for a run that landed none."""
    files = [str(f) for f in folder.listing_files()]
    return (files and sql.run(con, "staging/observed_at.sql", files=files).fetchone()[0]) or ""


def _stage(con: duckdb.DuckDBPyConnection, folder: RunFolder, platforms: list[str] | None = None) -> None:
    listings, rejects = folder.listing_files(), folder.reject_files()
    if len(listings) < len(folder.sources):
        raise LoadError(f"{folder.path}: a landed source lacks its listings file; crawl it again")
    try:
        sql.run(con, "staging/listings.sql", files=[str(f) for f in listings], columns=LANDED_LISTING, content=CONTENT)
        if platforms is not None:
            query = "DELETE FROM landed_listings WHERE NOT list_contains($platforms, platform)"
            con.execute(query, {"platforms": platforms})
            return
        sql.run(con, "staging/stats.sql", files=[str(f) for f in folder.stats_files()], columns=LANDED_STATS)
        if rejects:
            sql.run(con, "staging/rejects.sql", files=[str(f) for f in rejects], columns=LANDED_REJECT)
        else:
            sql.run(con, "staging/no_rejects.sql")
    except (duckdb.InvalidInputException, duckdb.ConversionException, duckdb.IOException) as exc:
        problem = str(exc).splitlines()[0]
        raise LoadError(f"run {folder.path.name.removeprefix('run=')!r} cannot be read: {problem}") from None


def _load_staged(con: duckdb.DuckDBPyConnection, landing: Path, run_id: str) -> LoadResult:
    con.execute("UPDATE loads SET loaded = loaded + 1")
    already = con.execute("SELECT count(*) FROM runs WHERE run_id = $run_id", {"run_id": run_id}).fetchone()[0]
    loaded_before = _platforms_of(con, run_id)
    sql.run(con, "marts/runs.sql", run_id=run_id)
    late = sql.run(con, "marts/late_platforms.sql", run_id=run_id).fetchone()[0]
    if already or late:
        # A run loaded again, or after a later one: its platforms' versions are rebuilt from their runs, in order,
        # and the health of every later run, which reads it as history, is judged again.
        _replay(con, landing, sorted(set(loaded_before) | set(_platforms_of(con, run_id))))
        judged = _this_and_later(con, run_id)
    else:
        sql.run(con, "marts/listing_versions.sql", run_id=run_id)
        judged = [run_id]
    for run in judged:
        shares = {"drop_share": DROP_SHARE, "reject_share": REJECT_SHARE}
        sql.run(con, "marts/source_health.sql", run_id=run, history_runs=HISTORY_RUNS, **shares)
    failing = sql.run(con, "checks.sql", **ACCEPTED).fetchall()
    broken = [f"{name} ({count})" for name, count in failing if count]
    if broken:
        raise LoadError(f"run {run_id!r} failed the warehouse checks: {'; '.join(broken)}; nothing of it was loaded")
    return _result(con, run_id)


def _platforms_of(con: duckdb.DuckDBPyConnection, run_id: str) -> list[str]:
    query = "SELECT coalesce(flatten(list(platforms)), []) FROM source_runs WHERE run_id = $run_id"
    return con.execute(query, {"run_id": run_id}).fetchone()[0]


def _replay(con: duckdb.DuckDBPyConnection, landing: Path, platforms: list[str]) -> None:
    runs = [run for (run,) in sql.run(con, "marts/replay_runs.sql", platforms=platforms).fetchall()]
    con.execute("DELETE FROM listing_versions WHERE list_contains($platforms, platform)", {"platforms": platforms})
    for run in runs:
        folder = run_folder(landing, run)
        if not folder.sources:
            raise LoadError(
                f"run {run!r}'s landing folder is gone from {landing}; cannot place an earlier run before it"
            )
        _stage(con, folder, platforms)
        sql.run(con, "marts/listing_versions.sql", run_id=run)


def _this_and_later(con: duckdb.DuckDBPyConnection, run_id: str) -> list[str]:
    """The run and every run seen after it: their sources' health reads the run as history."""
    later = con.execute(
        "SELECT run_id FROM runs WHERE observed_at > (SELECT observed_at FROM runs WHERE run_id = $run_id) "
        "ORDER BY observed_at, run_id",
        {"run_id": run_id},
    ).fetchall()
    return [run_id, *(run for (run,) in later)]


def _result(con: duckdb.DuckDBPyConnection, run_id: str) -> LoadResult:
    sources = queries.source_health(con, run_id)
    listings, rejects, health = con.execute(
        "SELECT listings, rejects, health FROM runs WHERE run_id = $run_id", {"run_id": run_id}
    ).fetchone()
    return LoadResult(run_id, [s["source"] for s in sources], listings, rejects, health, sources)
