"""The pipeline's steps, shared by the CLI and the Airflow DAG; they pass run ids and paths, never data."""

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa

from contracts.catalog import load_catalog
from contracts.landing import newest_run_id
from ranking import model_store
from ranking.calibration import speed_factors
from ranking.estimates import estimate_table, estimator_version
from ranking.rank import RankingInputs, compute_frame, hidden_counts, not_ranked, prepare, rank_listings
from ranking.reputation import build_reputation
from ranking.requester_history import as_history
from ranking.time_estimate import estimate_minutes
from ranking.training import train as train_model
from spiders import har
from spiders.registry import source_names, spider_class
from taskrank import alerts
from taskrank.digest import write_digest
from taskrank.digest_model import build_digest
from taskrank.errors import TaskrankError
from taskrank.labels import gather_labels
from taskrank.settings import Config
from taskrank.train_report import write_report
from warehouse import queries
from warehouse.connection import reader, write, writer
from warehouse.load import LoadError, LoadResult, load_run
from warehouse.load import rebuild as rebuild_warehouse


def load(config: Config, run_id: str | None = None) -> LoadResult:
    """Load one run (default: the newest landing folder) into the warehouse."""
    run_id = run_id or newest_run_id(config.landing_dir)
    if run_id is None:
        raise TaskrankError(f"no runs in {config.landing_dir}: crawl something first (`taskrank run`)")

    def load_into(con: object) -> LoadResult:
        _reference_data(con, config)
        return load_run(con, config.landing_dir, run_id)

    try:
        return write(config.store, load_into, config.writer_wait_seconds)
    except (FileNotFoundError, LoadError) as exc:
        raise TaskrankError(str(exc)) from None


def _reference_data(con: object, config: Config) -> None:
    """What ranking needs beside the listings: the config's exchange rates and the platform catalog."""
    queries.replace_fx_rates(con, config.fx.per_usd, config.fx.as_of)
    queries.replace_platforms(con, load_catalog())


def rebuild(config: Config) -> list[LoadResult]:
    """The warehouse's listings, runs and rejects rebuilt from the landing folders, with the config's exchange rates
    and the platform catalog, so a new warehouse (moving to DuckLake) ranks at once."""

    def rebuild_into(con: object) -> list[LoadResult]:
        _reference_data(con, config)
        return rebuild_warehouse(con, config.landing_dir)

    try:
        return write(config.store, rebuild_into, config.writer_wait_seconds)
    except (FileNotFoundError, LoadError) as exc:
        raise TaskrankError(str(exc)) from None


def rank(config: Config, run_id: str | None = None) -> dict[str, Any]:
    """Rank every open listing for every profile: {"profiles": per profile, rows ranked and listings left unranked by
    reason; "estimated": listings whose time was estimated now; "reused": listings whose stored estimate served}."""
    if not config.profiles:
        raise TaskrankError(f"no profiles in {config.path}: add a [[profiles]] section")

    def rank_into(con: object) -> tuple[dict, dict, int, int]:
        ranked_run = run_id or queries.latest_run_id(con)
        if ranked_run is None:
            raise TaskrankError("nothing loaded yet: run `taskrank load` first")
        inputs = ranking_inputs(con, config)
        listings, estimated = estimated_listings(con, inputs)
        prepared = prepare(listings, inputs)
        ranked = {p.name: rank_listings(prepared, p, inputs, ranked_run) for p in config.profiles}
        hidden = {name: hidden_counts(table) for name, table in ranked.items()}
        queries.replace_ranked(con, ranked, hidden, ranked_run)
        return ranked, hidden, estimated, listings.num_rows - estimated

    ranked, hidden, estimated, reused = write(config.store, rank_into, config.writer_wait_seconds)
    profiles = {name: {"ranked": t.num_rows, "not_ranked": not_ranked(hidden[name])} for name, t in ranked.items()}
    return {"profiles": profiles, "estimated": estimated, "reused": reused}


def estimated_listings(con: object, inputs: RankingInputs) -> tuple[pa.Table, int]:
    """Open listings with their stored time estimates, and how many were estimated now: versions without one for the
    current estimator (new or changed listings, a retrained model, new exchange rates) are estimated and stored
    first."""
    estimator = estimator_version(inputs.model, inputs.per_usd)
    missing = queries.unestimated_listings(con, estimator)
    if missing.num_rows:
        fresh = estimate_table(compute_frame(missing), inputs.per_usd, inputs.model, inputs.history)
        keys = missing.select(["platform", "listing_id", "content_hash"])
        for name in fresh.column_names:
            keys = keys.append_column(name, fresh[name])
        queries.store_estimates(con, keys, estimator)
    return queries.estimated_listings(con, estimator), missing.num_rows


def load_model(config: Config) -> model_store.TrainedModel | None:
    try:
        return model_store.load(config.model_dir)
    except model_store.ModelMismatch as exc:
        raise TaskrankError(str(exc)) from None


def stale_model(config: Config) -> str | None:
    """Why the time model should be (re)trained before ranking: "" when there is none yet, None when it is usable."""
    try:
        return None if model_store.load(config.model_dir) is not None else ""
    except model_store.ModelMismatch as exc:
        return str(exc)


def ranking_inputs(con: object, config: Config) -> RankingInputs:
    """Exchange rates, the time model, requester history, reputation and personal speed from the warehouse."""
    per_usd = queries.fx_rates(con)
    model = load_model(config)
    history = as_history(queries.requester_history(con))
    reputation = build_reputation(queries.work_log_outcomes(con).to_pandas())
    logged = queries.logged_listings(con).to_pandas()
    speed = {}
    if len(logged):
        estimate = estimate_minutes(logged, per_usd, model, history)
        minutes = (logged[name].to_numpy() for name in ("platform", "logged_minutes"))
        speed = speed_factors(*minutes, estimate["minutes_used"].to_numpy())
    blocked, done = queries.blocked_pairs(con), queries.done_listings(con)
    return RankingInputs(per_usd, model, history, reputation, speed, blocked, done)


def train(config: Config) -> tuple[Path, dict]:
    """Train the time model on every label available and write its report; with too few labels, only the report
    (ranking then uses the prior) and any earlier model is set aside so it cannot outlive its labels."""
    settings = config.model
    with reader(config.store, config.writer_wait_seconds) as con:
        per_usd = queries.fx_rates(con) or config.fx.per_usd
        labelled = gather_labels(
            con, settings.synthetic_labels, settings.seed, settings.community_times, settings.labelled_exports
        )
    model, report = train_model(labelled, per_usd, settings.seed)
    if model is None:
        model_store.remove(config.model_dir)
    else:
        model_store.save(model, config.model_dir)
    return write_report(config.model_dir, report, model), report


def digest(config: Config, run_id: str | None = None, day: date | None = None) -> list[Path]:
    """Write each profile's digest for the run; returns the files written."""
    with reader(config.store, config.writer_wait_seconds) as con:
        run_id = run_id or queries.latest_run_id(con)
        if run_id is None:
            raise TaskrankError("nothing loaded yet: run `taskrank run` first")
        health = queries.source_health(con, run_id)
        observed = queries.run_observed_at(con, run_id)
        day = day or (observed.date() if observed else datetime.now(UTC).date())
        per_usd = queries.fx_rates(con) or config.fx.per_usd
        week = queries.week_by_platform(con, (observed or datetime.now(UTC)) - timedelta(days=7))
        first_run, undated = queries.is_first_run(con, run_id), queries.undated_work(con)
        written = []
        for profile in config.profiles:
            rows = queries.digest_rows(con, profile.name)
            hidden = queries.hidden(con, profile.name)
            model = build_digest(profile, run_id, day, observed, rows, health, hidden, week, per_usd, config.digest_top,
                                 first_run, undated)  # fmt: skip
            files = write_digest(config.digests_dir / day.isoformat(), model)
            written += [f for f in files if f.suffix in {".md", ".html"}]
    return written


@dataclass(frozen=True)
class HarRoutes:
    found: dict[str, int]
    skipped: dict[str, int]


def har_routes(path: Path) -> HarRoutes:
    """Which sources read which responses of a HAR file (or a folder of them), and why every other entry was left."""
    if not path.exists():
        raise TaskrankError(f"HAR file not found: {path}")
    files = har.har_files(path)
    if not files:
        kind = "folder holds no .har files" if path.is_dir() else "is not a .har file"
        raise TaskrankError(f"{path} {kind}: in DevTools → Network use Save all as HAR")
    entries = []
    for file in files:
        try:
            entries += har.read_entries(file)
        except (har.HarError, OSError) as exc:
            raise TaskrankError(str(exc).splitlines()[0]) from None
    found, skipped, every_pattern = {}, Counter(), []
    for source in source_names():
        patterns = spider_class(source).har_patterns()
        responses, left = har.responses(entries, patterns)
        if responses:
            found[source] = len(responses)
        skipped.update(s.reason for s in left if s.reason != har.NOT_THIS_SOURCE)
        every_pattern += patterns
    _, unread = har.responses(entries, tuple(every_pattern))
    skipped["not a listing page of any source"] = sum(s.reason == har.NOT_THIS_SOURCE for s in unread)
    return HarRoutes(found, {k: v for k, v in skipped.items() if v > 0})


def har_is_sensitive(snapshot: Path) -> bool:
    """Whether a HAR snapshot's requests carried a session (only header names are looked at)."""
    try:
        return any(har.holds_secrets(har.read_entries(p)) for p in har.har_files(snapshot))
    except (har.HarError, OSError):
        return False


def alert(config: Config, run_id: str | None = None) -> dict[str, dict[str, int]]:
    """Send each alert the listings it has not announced yet: {"sent": listings per alert delivered, "failed":
    listings per alert whose receiver did not take them}; failed ones stay unannounced, so the next run sends them."""
    if not config.alerts:
        return {"sent": {}, "failed": {}}
    sent_now: dict[str, int] = {}
    failed: dict[str, int] = {}
    with writer(config.store, config.writer_wait_seconds) as con:
        run_id = run_id or queries.latest_run_id(con)
        for rule in config.alerts:
            profile = config.profile(rule.profile)
            rows = queries.ranked(con, profile.name).to_pylist()
            fresh = alerts.pending(rule, rows, float(profile.min_hourly_rate.amount), queries.alerted(con, rule.name))
            digest_key = ("digest", str(run_id))
            send_digest = rule.send_digest and digest_key not in queries.alerted(con, rule.name)
            if fresh and alerts.send(rule, *alerts.message(rule, fresh)):
                queries.record_alerts(con, rule.name, [(r["platform"], r["listing_id"]) for r in fresh])
                sent_now[rule.name] = len(fresh)
            elif fresh:
                failed[rule.name] = len(fresh)
            text = _digest_text(config, con, run_id, profile.name) if send_digest else None
            if text is not None and alerts.send(rule, f"taskrank digest for {profile.name}", text):
                queries.record_alerts(con, rule.name, [digest_key])
            elif text is not None:
                failed.setdefault(rule.name, 0)
    return {"sent": sent_now, "failed": failed}


def alert_failures(result: dict[str, dict[str, int]]) -> str:
    """One line naming every alert whose receiver did not take its message, or "" when all were delivered."""
    if not result["failed"]:
        return ""
    named = ", ".join(f"{name} ({count} listings)" for name, count in sorted(result["failed"].items()))
    return f"alerts not delivered: {named}; check the receiver; they are sent again on the next run"


def _digest_text(config: Config, con: object, run_id: str, profile: str) -> str | None:
    observed = queries.run_observed_at(con, run_id)
    day = observed.date() if observed else datetime.now(UTC).date()
    path = config.digests_dir / day.isoformat() / f"{profile}.md"
    return path.read_text(encoding="utf-8") if path.is_file() else None
