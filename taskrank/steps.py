"""The pipeline's steps, shared by the CLI and the Airflow DAG; they pass run ids and paths, never data."""

from datetime import UTC, date, datetime
from pathlib import Path

from contracts import SourceStats
from ranking.rank import rank_listings
from spiders.registry import source_names
from taskrank.crawling import crawl
from taskrank.digest import write_digest
from taskrank.errors import TaskrankError
from taskrank.settings import Config
from warehouse import queries
from warehouse.connection import reader, writer
from warehouse.landing import newest_run_id, run_folder
from warehouse.load import LoadResult, load_run


def new_run_id(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def enabled_sources(config: Config) -> list[str]:
    return [s.name for s in config.sources if s.enabled]


def crawl_source(config: Config, source: str, run_id: str, observed_at: datetime) -> SourceStats:
    """Crawl one configured source into the run's landing folder."""
    known = source_names()
    if source not in known:
        raise TaskrankError(f"unknown source {source!r}; known: {', '.join(known)}")
    settings = config.source(source)
    if settings is None:
        raise TaskrankError(f"source {source!r} is not in {config.path}")
    out = run_folder(config.landing_dir, run_id).path / f"{source}.jsonl"
    return crawl(
        source,
        out,
        mode=settings.mode,
        snapshot=settings.snapshot,
        run_id=run_id,
        observed_at=observed_at,
        base_url=settings.base_url,
        timeout=config.crawl_timeout_seconds,
    )


def load(config: Config, run_id: str | None = None) -> LoadResult:
    """Load one run (default: the newest landing folder) into the warehouse."""
    run_id = run_id or newest_run_id(config.landing_dir)
    if run_id is None:
        raise TaskrankError(f"no runs in {config.landing_dir}: crawl something first (`taskrank run`)")
    folder = run_folder(config.landing_dir, run_id)
    try:
        with writer(config.warehouse_path, config.writer_wait_seconds) as con:
            queries.replace_fx_rates(con, config.fx.per_usd, config.fx.as_of)
            return load_run(con, folder, run_id)
    except FileNotFoundError as exc:
        raise TaskrankError(str(exc)) from None


def rank(config: Config, run_id: str | None = None) -> dict[str, int]:
    """Rank every open listing for every profile; returns rows per profile."""
    if not config.profiles:
        raise TaskrankError(f"no profiles in {config.path}: add a [[profiles]] section")
    counts = {}
    with writer(config.warehouse_path, config.writer_wait_seconds) as con:
        run_id = run_id or queries.latest_run_id(con)
        if run_id is None:
            raise TaskrankError("nothing loaded yet: run `taskrank load` first")
        listings = queries.open_listings(con)
        per_usd = queries.fx_rates(con)
        for profile in config.profiles:
            ranked = rank_listings(listings, profile, per_usd, run_id)
            queries.replace_ranked(con, profile.name, ranked)
            counts[profile.name] = ranked.num_rows
    return counts


def digest(config: Config, run_id: str | None = None, day: date | None = None) -> list[Path]:
    """Write each profile's digest for the run; returns the files written."""
    with reader(config.warehouse_path, config.writer_wait_seconds) as con:
        run_id = run_id or queries.latest_run_id(con)
        if run_id is None:
            raise TaskrankError("nothing loaded yet: run `taskrank run` first")
        health = queries.source_health(con, run_id)
        observed = con.execute("SELECT observed_at FROM runs WHERE run_id = ?", [run_id]).fetchone()
        day = day or (observed[0].date() if observed and observed[0] else datetime.now(UTC).date())
        written = []
        for profile in config.profiles:
            rows = queries.ranked(con, profile.name).to_pylist()
            path = config.digests_dir / day.isoformat() / f"{profile.name}.md"
            write_digest(path, profile, run_id, day, rows, health, config.digest_top)
            written.append(path)
    return written
