"""Running the pipeline, whole (`run`, `import-har`) or a step at a time."""

import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.text import Text

from contracts.landing import claim_run
from taskrank import pipeline
from taskrank.cli.common import (
    ConfigOption,
    app,
    chosen_config,
    console,
    errors,
    pipeline_steps,
    user_errors,
)
from taskrank.errors import TaskrankError
from taskrank.settings import DEMO_CONFIG, Config, SourceConfig

# Each crawl is its own process and mostly waits (on pages, or on importing Scrapy): two at a time halve a run.
CRAWL_WORKERS = 2


def _facts(stats: Any) -> str:
    return (
        f"{stats['pages']} pages, {stats['items']} listings, {stats['rejects']} rejects, {stats['retries']} retries "
        f"in {stats['duration_seconds']:.1f}s"
    )


def _health_line(source: dict) -> str:
    """A source's crawl facts and the health the load judged them against its history."""
    colour = {"ok": "green", "degraded": "yellow"}.get(source["health"], "bold red")
    note = f" — {escape(source['message'])}" if source["message"] else ""
    return f"[{colour}]{source['source']}: {source['health']}[/{colour}] {_facts(source)}{note}"


@app.command()
@user_errors
def run(
    config: ConfigOption = None,
    top: Annotated[int, typer.Option(min=1, metavar="N", help="Rows of the ranking to print.")] = 10,
) -> None:
    """Crawl every enabled source, load, rank and write digests (the demo config when none is given)."""
    cfg = chosen_config(config)
    for source in cfg.sources:
        if source.enabled and source.snapshot is not None:
            _warn_if_sensitive(source.snapshot)
    _run_pipeline(cfg, top)


@app.command("import-har")
@user_errors
def import_har(
    file: Annotated[Path, typer.Argument(metavar="HAR", help="A .har file, or a folder of them.")],
    config: ConfigOption = None,
    top: Annotated[int, typer.Option(min=1, metavar="N", help="Rows of the ranking to print.")] = 10,
) -> None:
    """Read every listing response in a browser's HAR export, route each to its source, and run the pipeline."""
    cfg = chosen_config(config)
    routes = pipeline_steps().har_routes(file)
    _warn_if_sensitive(file)
    for source, count in sorted(routes.found.items()):
        console.print(f"{source}: {count} listing responses")
    for reason, count in sorted(routes.skipped.items()):
        console.print(f"skipped {count} entries: {reason}", markup=False)
    if not routes.found:
        raise TaskrankError(f"{file} holds no listing responses any source reads; open the listing pages, then export")
    sources = [SourceConfig(name=source, snapshot=file) for source in sorted(routes.found)]
    _run_pipeline(cfg.model_copy(update={"sources": sources}), top)


def _warn_if_sensitive(snapshot: Path) -> None:
    if pipeline_steps().har_is_sensitive(snapshot):
        errors.print(
            f"warning: {snapshot} holds session cookies or Authorization headers; taskrank never reads them, but "
            "keep the file private and delete it once imported",
            markup=False,
            highlight=False,
        )


def _run_pipeline(cfg: Config, top: int) -> None:
    """Every stage of taskrank.pipeline.STAGES, in its order, each printed as it ends."""
    done: dict[str, Any] = {}
    for stage in pipeline.STAGES:
        done[stage] = STAGE_RUNNERS[stage](cfg, done, top)


def _sources(cfg: Config, done: dict, top: int) -> list[str]:
    from taskrank.config_checks import claim_data_folder

    claim_data_folder(cfg)
    return pipeline.sources(cfg)


def _plan(cfg: Config, done: dict, top: int) -> dict:
    run = pipeline.plan(datetime.now(UTC))
    run["run_id"] = claim_run(cfg.landing_dir, run["run_id"])
    console.print(f"run [bold]{run['run_id']}[/bold] with {cfg.path}")
    return run


def _crawl(cfg: Config, done: dict, top: int) -> list[dict]:
    sources, run = done["sources"], done["plan"]
    if not sources:
        raise TaskrankError(f"no enabled sources in {cfg.path}")
    crawled = []
    with console.status(f"crawling {len(sources)} sources") as status, ThreadPoolExecutor(CRAWL_WORKERS) as pool:
        for stats in pool.map(lambda source: pipeline.crawl(source, run, cfg), sources):
            crawled.append(stats)
            status.update(f"crawling {len(sources)} sources ({len(crawled)} done)")
    return crawled


def _load(cfg: Config, done: dict, top: int) -> dict:
    with console.status("loading into the warehouse"):
        loaded = pipeline.load(done["plan"], cfg)
    for source in loaded["source_runs"]:
        console.print(_health_line(source))
    console.print(f"loaded {loaded['listings']} listings and {loaded['rejects']} rejects into {cfg.store}")
    return loaded


def _train_if_needed(cfg: Config, done: dict, top: int) -> dict | None:
    with console.status("training the time model if it needs it"):
        trained = pipeline.train_if_needed(cfg)
    if trained is not None:
        if trained["why"] != "no model yet":
            console.print(f"retrained the time model: {trained['why']}")
        console.print(_train_line(trained["report"], Path(trained["report_path"])))
    return trained


def _rank(cfg: Config, done: dict, top: int) -> dict:
    with console.status("ranking"):
        return pipeline.rank(done["plan"], cfg)


def _digest(cfg: Config, done: dict, top: int) -> list[str]:
    from taskrank.cli.reading import print_top  # a later module: `taskrank --help` lists this one's commands first

    with console.status("writing digests"):
        paths = pipeline.digest(done["plan"], cfg)
    print_top(cfg, cfg.profiles[0].name, top, "table")
    _print_ranked(done["rank"])
    _print_digests([Path(p) for p in paths], cfg)
    return paths


def _alert(cfg: Config, done: dict, top: int) -> dict:
    alerted = pipeline.alert(done["plan"], cfg)
    for name, count in alerted["sent"].items():
        console.print(f"alert {name}: sent {count} listings")
    for source, alert in done["load"]["unhealthy"].items():
        errors.print(Text(f"attention: {source} is {alert}", style="bold red"))
    if undelivered := pipeline_steps().alert_failures(alerted):
        errors.print(Text(f"attention: {undelivered}", style="bold red"))
    return alerted


def _verdict(cfg: Config, done: dict, top: int) -> None:
    pipeline.verdict(done["load"])
    if pipeline_steps().alert_failures(done["alert"]):
        sys.exit(1)


# What `taskrank run` does and prints at each stage of pipeline.STAGES (a test checks every stage has one).
STAGE_RUNNERS: dict[str, Callable[[Config, dict, int], Any]] = {
    "sources": _sources, "plan": _plan, "crawl": _crawl, "load": _load, "train_if_needed": _train_if_needed,
    "rank": _rank, "digest": _digest, "alert": _alert, "verdict": _verdict,
}  # fmt: skip


@app.command("crawl")
@user_errors
def crawl_command(
    source: Annotated[str, typer.Argument(metavar="SOURCE", help="A source name, e.g. mturk.")],
    snapshot: Annotated[
        Path | None, typer.Option(metavar="FOLDER", help="Folder of saved pages (default: the config's).")
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(metavar="FILE", help="Write listings here instead of landing a run; rejects and stats beside it."),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Crawl one source's saved pages into contract JSON lines: a new run `taskrank load` reads, or --out FILE."""
    from contracts.landing import run_folder
    from spiders.registry import source_names, spider_class
    from taskrank.crawling import crawl

    if source not in source_names():
        raise TaskrankError(f"unknown source {source!r}; known: {', '.join(source_names())}")
    run = pipeline.plan(datetime.now(UTC))
    cfg = chosen_config(config) if out is None or snapshot is None else None
    if snapshot is None and spider_class(source).default_snapshot is None:
        settings = cfg.source(source)
        if settings is None or settings.snapshot is None:
            raise TaskrankError(f"no --snapshot given and {cfg.path} has no snapshot folder for {source}")
        snapshot = settings.snapshot
    if out is None:
        run["run_id"] = claim_run(cfg.landing_dir, run["run_id"])
        out = run_folder(cfg.landing_dir, run["run_id"]).files(source).listings
    with console.status(f"crawling {source}"):
        stats = crawl(source, out, mode="snapshot", snapshot=snapshot, run_id=run["run_id"],
                      observed_at=datetime.fromisoformat(run["observed_at"]))  # fmt: skip
    console.print(f"{source}: {_facts(stats.model_dump())}", markup=False)
    console.print(f"listings: {out}", markup=False, highlight=False)
    if cfg is not None and out.is_relative_to(cfg.landing_dir):
        console.print(f"landed as run {run['run_id']}; next: taskrank load", markup=False, highlight=False)
    if stats.pages == 0:
        raise TaskrankError(f"crawl of {source} failed: {stats.message or stats.finish_reason}")
    if stats.items == 0 or stats.rejects > stats.items:
        note = f": {escape(stats.message)}" if stats.message else ""
        errors.print(f"[bold red]attention:[/bold red] {source} returned no listings or mostly rejects{note}")


@app.command()
@user_errors
def load(
    run_id: Annotated[str | None, typer.Option("--run", metavar="RUN_ID", help="Run id (default: the newest).")] = None,
    config: ConfigOption = None,
) -> None:
    """Load one run's landing folder into the warehouse."""
    cfg = chosen_config(config)
    with console.status("loading"):
        result = pipeline_steps().load(cfg, run_id)
    console.print(
        f"run {result.run_id}: {result.listings} listings, {result.rejects} rejects from "
        f"{', '.join(result.sources)}; health {result.health}"
    )
    for source in result.source_runs:
        console.print(_health_line(source))
    for source, alert in result.unhealthy.items():
        errors.print(Text(f"attention: {source} is {alert}", style="bold red"))


@app.command()
@user_errors
def rank(config: ConfigOption = None) -> None:
    """Rank open listings for every profile."""
    cfg = chosen_config(config)
    with console.status("ranking"):
        counts = pipeline_steps().rank(cfg)
    _print_ranked(counts)


@app.command()
@user_errors
def train(config: ConfigOption = None) -> None:
    """Train the time model on every label available and report it beside the prior and the stated time."""
    cfg = chosen_config(config)
    with console.status("training the time model"):
        report_path, report = pipeline_steps().train(cfg)
    console.print(_train_line(report, report_path))
    console.print(report_path.read_text(encoding="utf-8"), markup=False, highlight=False)


def _train_line(report: dict, path: Path) -> str:
    if not report["serving_platforms"] and "synthetic" not in report:
        used = sum(report["labels"].values())
        needed = report["min_labels"]
        return f"time model: not trained ({used} labels, {needed} needed); ranking uses the prior; report {path}"
    real = [
        f"{platform} pay within ±75% {s['prior']['pay_within_75pct']:.0%} (prior)"
        + (f" vs {s['model']['pay_within_75pct']:.0%} (model)" if s.get("model", {}).get("rows") else "")
        for platform, s in sorted(report["real"]["platforms"].items())
        if s["prior"].get("rows", 0) >= 5
    ]
    serving = ", ".join(report["serving_platforms"]) or "none (the prior everywhere)"
    judged = "; ".join(real) or f"{report['real']['rows']} real labels, too few to judge it"
    return f"time model: {judged}; model serves on {serving}; report {path}"


@app.command("alert")
@user_errors
def alert_command(config: ConfigOption = None) -> None:
    """Send the config's alerts for the newest ranking; listings already announced are not sent again."""
    result = pipeline_steps().alert(chosen_config(config))
    for name, count in result["sent"].items():
        console.print(f"alert {name}: sent {count} listings")
    if undelivered := pipeline_steps().alert_failures(result):
        raise TaskrankError(undelivered)
    if not result["sent"]:
        console.print("no new listings to announce")


@app.command()
@user_errors
def digest(config: ConfigOption = None) -> None:
    """Write each profile's digest for the newest run."""
    for path in pipeline_steps().digest(chosen_config(config)):
        console.print(f"digest: {path}")


def _print_digests(paths: list[Path], cfg: Config) -> None:
    """Where each profile's digest is, in every format, then the command to try next."""
    for folder in sorted({p.parent for p in paths}):
        profiles = sorted({p.stem for p in paths if p.parent == folder})
        formats = ",".join(sorted({p.suffix.lstrip(".") for p in folder.glob("*") if p.stem in profiles}))
        names = profiles[0] if len(profiles) == 1 else "{" + ",".join(profiles) + "}"
        console.print(f"digests: {folder}/{names}.{{{formats}}}", markup=False, highlight=False)
    config = "" if cfg.path.resolve() == DEMO_CONFIG.resolve() else f" -c {cfg.path}"
    console.print(
        f"next: taskrank top{config} -p {cfg.profiles[0].name} --limit 50 · open the .html digest in a browser · "
        f"taskrank log import{config} your-log.csv",
        markup=False,
        highlight=False,
    )


def _print_ranked(result: dict[str, Any]) -> None:
    for name, count in result["profiles"].items():
        console.print(f"profile {name}: {count['ranked']} ranked listings")
        for reason, listings in count["not_ranked"].items():
            errors.print(f"warning: profile {name}: {listings} listings {reason}", markup=False, highlight=False)
    console.print(f"time estimates: {result['estimated']} new or changed listings estimated, "
                  f"{result['reused']} reused from earlier runs")  # fmt: skip
