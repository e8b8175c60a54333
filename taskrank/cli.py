"""The `taskrank` command: run the pipeline or any step of it, and read the ranked tables."""

import contextlib
import functools
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any, Literal

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from contracts.landing import claim_run
from contracts.ranked import OUTPUT_COLUMNS
from taskrank import pipeline
from taskrank.errors import TaskrankError
from taskrank.output import Format, render_rows
from taskrank.settings import DEMO_CONFIG, Config, SourceConfig, load_config
from warehouse.connection import WarehouseError, reader, writer

app = typer.Typer(help="Rank micro-task and survey listings by what they really pay per hour of your time.",
                  no_args_is_help=True, pretty_exceptions_enable=False)  # fmt: skip
# Piped output keeps whole columns rather than squeezing them to rich's 80-column default.
console = Console() if sys.stdout.isatty() else Console(width=160)
errors = Console(stderr=True)

TABLE_COLUMNS = ["rank", "platform", "title", "reward_amount", "reward_currency", "minutes_used", "rate_per_hour",
                 "rate_band", "p_above_minimum", "reasons"]  # fmt: skip

ConfigOption = Annotated[
    Path | None,
    typer.Option("--config", "-c", metavar="FILE", help="Config file (default: $TASKRANK_CONFIG or the bundled demo)."),
]


FormatOption = Annotated[Format, typer.Option("--format", help="A table for people; JSON or CSV for programs.")]
ProfileOption = Annotated[
    str | None,
    typer.Option("--profile", "-p", metavar="NAME", help="Profile name (default: the only one, or default_profile)."),
]


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        console.print(f"taskrank {version('taskrank')}")
        raise typer.Exit()


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", metavar="", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Rank micro-task and survey listings by what they really pay per hour of your time."""


def _steps() -> ModuleType:
    """The pipeline's steps, imported on first use: `taskrank --help` and `top` need neither scikit-learn nor Scrapy."""
    from taskrank import steps

    return steps


def user_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Problems a person can fix print as one line and exit 1; no traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except (TaskrankError, WarehouseError) as exc:
            errors.print(Text.assemble(("error:", "red"), f" {exc}"), highlight=False, soft_wrap=True)
            sys.exit(1)
        except OSError as exc:  # a path a person gave that cannot be read or written
            where = f": {exc.filename}" if exc.filename else ""
            errors.print(Text.assemble(("error:", "red"), f" {exc.strerror or exc}{where}"), soft_wrap=True)
            sys.exit(1)
        except Exception as exc:
            # DuckDB's own errors (a full disk, an I/O failure) leave the warehouse as it was: one line, no traceback.
            if not type(exc).__module__.startswith(("duckdb", "_duckdb")):
                raise
            first = (str(exc).splitlines() or [""])[0]
            errors.print(
                Text.assemble(
                    ("error:", "red"), f" the warehouse could not be used ({first}); nothing was half-written"
                ),
                soft_wrap=True,
            )
            sys.exit(1)

    return wrapper


def _config(path: Path | None) -> Config:
    return load_config(path)


# Each crawl is its own process and mostly waits (on pages, or on importing Scrapy): two at a time halve a run.
CRAWL_WORKERS = 2


def _crawl_all(config: Config, run: dict) -> None:
    sources = pipeline.sources(config)
    if not sources:
        raise TaskrankError(f"no enabled sources in {config.path}")
    with console.status(f"crawling {len(sources)} sources") as status, ThreadPoolExecutor(CRAWL_WORKERS) as pool:
        for index, _ in enumerate(pool.map(lambda source: pipeline.crawl(source, run, config), sources)):
            status.update(f"crawling {len(sources)} sources ({index + 1} done)")


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
    cfg = _config(config)
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
    cfg = _config(config)
    routes = _steps().har_routes(file)
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
    if _steps().har_is_sensitive(snapshot):
        errors.print(
            f"warning: {snapshot} holds session cookies or Authorization headers; taskrank never reads them, but "
            "keep the file private and delete it once imported",
            markup=False,
            highlight=False,
        )


def _run_pipeline(cfg: Config, top: int) -> None:
    """The stages of taskrank.pipeline, in its order, each printed as it ends."""
    from taskrank.config_checks import claim_data_folder

    claim_data_folder(cfg)
    pipeline.sources(cfg)
    run = pipeline.plan(datetime.now(UTC))
    run["run_id"] = claim_run(cfg.landing_dir, run["run_id"])
    console.print(f"run [bold]{run['run_id']}[/bold] with {cfg.path}")
    _crawl_all(cfg, run)
    with console.status("loading into the warehouse"):
        loaded = pipeline.load(run, cfg)
    for source in loaded["source_runs"]:
        console.print(_health_line(source))
    console.print(f"loaded {loaded['listings']} listings and {loaded['rejects']} rejects into {cfg.store}")
    with console.status("training the time model if it needs it"):
        trained = pipeline.train_if_needed(cfg)
    if trained is not None:
        if trained["why"] != "no model yet":
            console.print(f"retrained the time model: {trained['why']}")
        console.print(_train_line(trained["report"], Path(trained["report_path"])))
    with console.status("ranking"):
        counts = pipeline.rank(run, cfg)
    with console.status("writing digests"):
        paths = pipeline.digest(run, cfg)
    _print_top(cfg, cfg.profiles[0].name, top, "table")
    _print_ranked(counts)
    _print_digests([Path(p) for p in paths], cfg)
    alerted = pipeline.alert(run, cfg)
    for name, count in alerted["sent"].items():
        console.print(f"alert {name}: sent {count} listings")
    for source, alert in loaded["unhealthy"].items():
        errors.print(Text(f"attention: {source} is {alert}", style="bold red"))
    if undelivered := _steps().alert_failures(alerted):
        errors.print(Text(f"attention: {undelivered}", style="bold red"))
    pipeline.verdict(loaded)
    if undelivered:
        sys.exit(1)


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
    cfg = _config(config) if out is None or snapshot is None else None
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
    cfg = _config(config)
    with console.status("loading"):
        result = _steps().load(cfg, run_id)
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
    cfg = _config(config)
    with console.status("ranking"):
        counts = _steps().rank(cfg)
    _print_ranked(counts)


@app.command()
@user_errors
def train(config: ConfigOption = None) -> None:
    """Train the time model on every label available and report it beside the prior and the stated time."""
    cfg = _config(config)
    with console.status("training the time model"):
        report_path, report = _steps().train(cfg)
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
    result = _steps().alert(_config(config))
    for name, count in result["sent"].items():
        console.print(f"alert {name}: sent {count} listings")
    if undelivered := _steps().alert_failures(result):
        raise TaskrankError(undelivered)
    if not result["sent"]:
        console.print("no new listings to announce")


@app.command()
@user_errors
def digest(config: ConfigOption = None) -> None:
    """Write each profile's digest for the newest run."""
    for path in _steps().digest(_config(config)):
        console.print(f"digest: {path}")


@app.command()
@user_errors
def top(
    profile: ProfileOption = None,
    limit: Annotated[int, typer.Option(min=1, metavar="N", help="Most rows to show.")] = 20,
    fmt: FormatOption = "table",
    rate_cards: Annotated[
        bool,
        typer.Option("--rate-cards", metavar="", help="Show the platforms' typical pay (rate cards), not listings."),
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Show a profile's ranked listings, best first, and how many listings each of its rules hid."""
    cfg = _config(config)
    _print_top(cfg, cfg.chosen_profile(profile).name, limit, fmt, rate_cards)


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


def _print_top(cfg: Config, profile: str, limit: int, fmt: Format, rate_cards: bool = False) -> None:
    from warehouse import queries

    with reader(cfg.store, cfg.writer_wait_seconds) as con:
        rows = queries.ranked(con, profile, limit, rate_cards=rate_cards).to_pylist()
        hidden = queries.hidden(con, profile)
    if not rows and not hidden and not rate_cards:
        raise TaskrankError(f"no ranking for {profile} yet: run `taskrank rank` (or `taskrank run`) first")
    if not rows and fmt == "table":
        console.print(f"no ranked listings for {profile}")
    else:
        columns = TABLE_COLUMNS if fmt == "table" else OUTPUT_COLUMNS
        render_rows(console, columns, rows, fmt, title=f"best paying for {profile} (rate per hour)")
    if hidden:
        # On stderr for JSON and CSV, so the data stays machine-readable.
        (console if fmt == "table" else errors).print(hidden_line(profile, hidden), markup=False, highlight=False)


blocklist_app = typer.Typer(help="Requesters a profile blocks, kept in the warehouse.", no_args_is_help=True)
app.add_typer(blocklist_app, name="blocklist")


@blocklist_app.command("import")
@user_errors
def blocklist_import(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A CSV or JSON block list.")],
    profile: ProfileOption = None,
    platform: Annotated[str | None, typer.Option(metavar="PLATFORM", help="Platform for rows that name none.")] = None,
    config: ConfigOption = None,
) -> None:
    """Block every requester in a CSV or JSON list (columns platform, requester_id, requester_name, reason)."""
    from taskrank.blocklist_files import read_block_list
    from warehouse import queries

    cfg = _config(config)
    name = cfg.chosen_profile(profile).name
    rows = read_block_list(file, platform)
    with writer(cfg.store, cfg.writer_wait_seconds) as con:
        count = queries.add_blocks(con, name, rows)
    console.print(f"{name}: {count} requesters blocked; they are hidden from the next ranking (`taskrank rank`)")


@blocklist_app.command("export")
@user_errors
def blocklist_export(
    profile: ProfileOption = None,
    fmt: Annotated[Literal["csv", "json"], typer.Option("--format", help="How to print the list.")] = "csv",
    config: ConfigOption = None,
) -> None:
    """Print a profile's block list as CSV or JSON, ready for `blocklist import` here or elsewhere."""
    from taskrank.blocklist_files import block_list_text
    from warehouse import queries

    cfg = _config(config)
    name = cfg.chosen_profile(profile).name
    with reader(cfg.store, cfg.writer_wait_seconds) as con:
        rows = queries.block_list(con, name).to_pylist()
    console.out(block_list_text(rows, fmt), end="")


@blocklist_app.command("remove")
@user_errors
def blocklist_remove(
    requester_id: Annotated[str, typer.Argument(metavar="REQUESTER_ID", help="The requester to unblock.")],
    profile: ProfileOption = None,
    config: ConfigOption = None,
) -> None:
    """Unblock one requester (blocks written in the config stay until you edit it)."""
    from warehouse import queries

    cfg = _config(config)
    name = cfg.chosen_profile(profile).name
    with writer(cfg.store, cfg.writer_wait_seconds) as con:
        removed = queries.remove_block(con, name, requester_id)
    if not removed:
        raise TaskrankError(f"{requester_id} is not on {name}'s block list in the warehouse")
    console.print(f"{name}: unblocked {requester_id}; it shows again from the next ranking")


def _print_ranked(counts: dict[str, dict]) -> None:
    for name, count in counts.items():
        console.print(f"profile {name}: {count['ranked']} ranked listings")
        for reason, listings in count["not_ranked"].items():
            errors.print(f"warning: profile {name}: {listings} listings {reason}", markup=False, highlight=False)


def hidden_line(profile: str, hidden: dict[str, int]) -> str:
    return f"{profile}: " + ", ".join(f"{n} {reason}" for reason, n in hidden.items())


log_app = typer.Typer(help="Your own work log: import it, see your effective hourly pay.", no_args_is_help=True)
db_app = typer.Typer(help="Warehouse maintenance.", no_args_is_help=True)
app.add_typer(log_app, name="log")
bench_app = typer.Typer(help="Benchmarks against a bare baseline measured in the same run.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(bench_app, name="bench")


@bench_app.command("load")
def bench_load_command(
    rows: Annotated[int, typer.Option(min=1, metavar="N", help="SYNTHETIC listings per run.")] = 100_000,
    backend: Annotated[
        Literal["duckdb", "ducklake"], typer.Option(help="ducklake: also load into a DuckLake, in the same run")
    ] = "duckdb",
) -> None:
    """Load N SYNTHETIC listings, then a complete re-crawl with 10% changed, each beside DuckDB's bare read."""
    from taskrank.bench import bench_load, lake_catalog

    with tempfile.TemporaryDirectory(prefix="taskrank-bench-") as scratch, contextlib.ExitStack() as stack:
        catalog = stack.enter_context(lake_catalog(Path(scratch))) if backend == "ducklake" else None
        with console.status(f"benchmarking the load of {rows:,} listings"):
            result = bench_load(rows, catalog=catalog)
    console.print(f"rows per run: {rows:,}  (listing versions after both runs: {result['versions_after']:,})")
    for base, *loads in result["runs"]:
        console.print(f"{base.name}: {base.seconds:.2f}s  ({rows / base.seconds:,.0f} rows/s)")
        for load in loads:
            console.print(f"  {load.name}: {load.seconds:.2f}s  = {load.seconds / base.seconds:.2f}x bare")
    console.print(f"peak memory: {result['peak_memory_mb']:,.0f} MB")


@bench_app.command("rank")
def bench_rank_command(
    rows: Annotated[int, typer.Option(min=1, metavar="N", help="SYNTHETIC listings to rank.")] = 100_000,
    profiles: Annotated[int, typer.Option(min=1, metavar="N", help="Profiles ranked from one estimate.")] = 100,
) -> None:
    """Rank N SYNTHETIC listings with a freshly trained model for one and for many profiles, beside bare
    Pipeline.predict: estimates made once and stored, each profile's ranking arithmetic on them."""
    from taskrank.bench import bench_rank

    with console.status(f"benchmarking the ranking of {rows:,} listings for {profiles} profiles"):
        result = bench_rank(rows, profiles)
    console.print(f"rows: {rows:,} SYNTHETIC listings; profiles: 1 and {profiles}")
    _print_timings(result, rows)
    one, many = (t.seconds for t in result["timings"] if t.name.startswith("estimate once + rank"))
    console.print(f"{profiles} profiles / 1 profile: {many / one:.2f}x")
    console.print(f"peak memory: {result['peak_memory_mb']:,.0f} MB")


@bench_app.command("startup")
def bench_startup_command(
    runs: Annotated[int, typer.Option(min=1, metavar="N", help="Processes of each command.")] = 7,
) -> None:
    """Median start-up of `taskrank --help`, `top --help` and `--version`, beside a bare `python -c pass`."""
    from taskrank.bench import bench_startup

    with console.status("timing start-up"):
        result = bench_startup(runs)
    base = result["baseline"]
    console.print(f"{base.name}: {base.seconds:.3f}s (median of {runs})")
    for timing in result["timings"]:
        console.print(f"{timing.name}: {timing.seconds:.3f}s  = {timing.seconds / base.seconds:.1f}x bare")


@bench_app.command("parse")
def bench_parse_command(
    pages: Annotated[int, typer.Option(min=1, metavar="N", help="SYNTHETIC pages per spider family.")] = 6000,
) -> None:
    """Items per second of each spider family's parse functions over saved pages, beside bare json.loads/parsel."""
    from taskrank.bench import bench_parse

    with console.status(f"benchmarking parsing of {pages:,} pages per family"):
        results = bench_parse(pages)
    for result in results:
        console.print(
            f"[bold]{result['family']}[/bold] ({', '.join(result['spiders'])}): {result['pages']:,} pages, "
            f"{result['items']:,} items"
        )
        base = result["baseline"]
        bare_rate = result["items"] / base.seconds
        console.print(f"  {base.name}: {base.seconds:.3f}s  ({bare_rate:,.0f} items/s)")
        for timing in result["timings"]:
            rate = result["items"] / timing.seconds
            console.print(
                f"  {timing.name}: {timing.seconds:.3f}s  ({rate:,.0f} items/s) = {rate / bare_rate:.0%} of bare"
            )
    console.print(f"peak memory: {results[-1]['peak_memory_mb']:,.0f} MB" if results else "no saved pages found")


def _print_timings(result: dict, rows: int) -> None:
    """The bare baseline, then every timing as a ratio of it."""
    base = result["baseline"]
    console.print(f"{base.name}: {base.seconds:.2f}s  ({rows / base.seconds:,.0f} rows/s)  = 1.00x")
    for timing in result["timings"]:
        console.print(f"{timing.name}: {timing.seconds:.2f}s  = {timing.seconds / base.seconds:.2f}x bare")


@log_app.command("import")
@user_errors
def log_import(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Your work-log CSV or a Prolific submissions export.")],
    config: ConfigOption = None,
) -> None:
    """Import a work-log CSV (template: taskrank/templates/work_log.csv); bad rows are reported by line."""
    from taskrank.work_log_csv import read_work_log
    from warehouse.work_log import import_entries

    cfg = _config(config)
    entries, problems = read_work_log(file)
    with writer(cfg.store, cfg.writer_wait_seconds) as con:
        added = import_entries(con, entries, file.name)
    for line, reason in problems:
        errors.print(f"{file}:{line}: {reason}", highlight=False, soft_wrap=True)
    console.print(
        f"imported {added} new entries ({len(entries) - added} already there); {len(problems)} bad rows skipped"
    )
    if problems:
        sys.exit(2)


@log_app.command("summary")
@user_errors
def log_summary(
    by: Annotated[Literal["platform", "requester", "week"], typer.Option(help="How to group the log.")] = "platform",
    fmt: FormatOption = "table",
    config: ConfigOption = None,
) -> None:
    """Effective hourly pay from your own log, counting unpaid screen-outs, returns and rejections."""
    from warehouse.work_log import summary

    cfg = _config(config)
    with reader(cfg.store, cfg.writer_wait_seconds) as con:
        columns, rows = summary(con, by)
    render_rows(console, columns, [dict(zip(columns, r, strict=True)) for r in rows], fmt,
                title=f"effective pay by {by}")  # fmt: skip


@db_app.command("migrate")
@user_errors
def db_migrate(config: ConfigOption = None) -> None:
    """Create the warehouse or upgrade it in place to the newest schema."""
    from warehouse.migrate import current_version, migrate

    cfg = _config(config)
    with writer(cfg.store, cfg.writer_wait_seconds, auto_migrate=False) as con:
        applied = migrate(con)
        version = current_version(con)
    done = ", ".join(applied) if applied else "nothing to apply"
    console.print(f"{cfg.store}: schema version {version} ({done})")


@db_app.command("rebuild")
@user_errors
def db_rebuild(config: ConfigOption = None) -> None:
    """Rebuild the warehouse's listings, runs and rejects from the landing folders alone, oldest run first."""
    cfg = _config(config)
    with console.status(f"rebuilding from {cfg.landing_dir}"):
        results = _steps().rebuild(cfg)
    listings = sum(r.listings for r in results)
    console.print(f"{cfg.store}: rebuilt from {len(results)} runs ({listings:,} listing sightings)")


@app.command()
@user_errors
def query(
    sql: Annotated[str, typer.Argument(metavar="SQL", help="One SELECT (or WITH … SELECT).")],
    fmt: FormatOption = "table",
    timeout: Annotated[
        float, typer.Option(metavar="SECONDS", help="Seconds before the query is stopped.", min=0.1)
    ] = 30.0,
    limit: Annotated[int, typer.Option(metavar="N", help="Most rows to print.", min=1)] = 10_000,
    config: ConfigOption = None,
) -> None:
    """Run one SELECT on the warehouse: read-only, no files or settings, stopped after a timeout, rows capped."""
    from warehouse.adhoc import QueryRefused, bound_process_memory, run_query, sandboxed_reader

    cfg = _config(config)
    with sandboxed_reader(cfg.store, cfg.writer_wait_seconds) as con:
        bound_process_memory()
        try:
            columns, rows, cut = run_query(con, sql, timeout, limit)
        except QueryRefused as exc:
            raise TaskrankError(str(exc)) from None
    render_rows(console, columns, [dict(zip(columns, r, strict=True)) for r in rows], fmt)
    if cut:
        errors.print(f"showing the first {limit:,} rows; add LIMIT or raise --limit")


@app.command()
@user_errors
def export(
    out: Annotated[Path, typer.Option(metavar="FOLDER", help="Folder to write.")] = Path("data/export"),
    fmt: Annotated[Literal["parquet"], typer.Option("--format", help="File format.")] = "parquet",
    config: ConfigOption = None,
) -> None:
    """Write ranked tables and listings as Parquet partitioned by date, for pandas, polars and DuckDB."""
    from warehouse.export import export_parquet

    cfg = _config(config)
    with reader(cfg.store, cfg.writer_wait_seconds) as con:
        written = export_parquet(con, out)
    for table, count in written.items():
        console.print(f"{table}: {count} rows under {out / table}")


if __name__ == "__main__":
    app()
