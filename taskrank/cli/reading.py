"""Reading the ranked tables and the warehouse: `top`, `query`, `export`."""

from pathlib import Path
from typing import Annotated, Literal

import typer

from contracts.ranked import OUTPUT_COLUMNS
from taskrank.cli.common import (
    ConfigOption,
    FormatOption,
    ProfileOption,
    app,
    chosen_config,
    console,
    errors,
    user_errors,
)
from taskrank.errors import TaskrankError
from taskrank.output import Format, render_rows
from taskrank.settings import Config
from warehouse.connection import reader

TABLE_COLUMNS = ["position", "platform", "title", "pay", "reward_currency", "minutes_used", "rate_per_hour",
                 "rate_band", "p_above_minimum", "reasons"]  # fmt: skip


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
    cfg = chosen_config(config)
    print_top(cfg, cfg.chosen_profile(profile).name, limit, fmt, rate_cards)


def print_top(cfg: Config, profile: str, limit: int, fmt: Format, rate_cards: bool = False) -> None:
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
        # People read places among what is shown (rate cards and expired listings left out); programs get the rank.
        rows = [row | {"position": n} for n, row in enumerate(rows, 1)] if fmt == "table" else rows
        render_rows(console, columns, rows, fmt, title=f"best paying for {profile} (rate per hour)")
    if hidden:
        # On stderr for JSON and CSV, so the data stays machine-readable.
        (console if fmt == "table" else errors).print(hidden_line(profile, hidden), markup=False, highlight=False)


def hidden_line(profile: str, hidden: dict[str, int]) -> str:
    return f"{profile}: " + ", ".join(f"{n} {reason}" for reason, n in hidden.items())


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

    cfg = chosen_config(config)
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

    cfg = chosen_config(config)
    with reader(cfg.store, cfg.writer_wait_seconds) as con:
        written = export_parquet(con, out)
    for table, count in written.items():
        console.print(f"{table}: {count} rows under {out / table}")
