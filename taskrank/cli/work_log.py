"""`taskrank log`: a person's own work log, imported and summarised."""

import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from taskrank.cli.common import (
    ConfigOption,
    FormatOption,
    app,
    chosen_config,
    console,
    errors,
    user_errors,
)
from taskrank.output import render_rows
from warehouse.connection import reader, writer

log_app = typer.Typer(help="Your own work log: import it, see your effective hourly pay.", no_args_is_help=True)
app.add_typer(log_app, name="log")


@log_app.command("import")
@user_errors
def log_import(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Your work-log CSV or a Prolific submissions export.")],
    config: ConfigOption = None,
) -> None:
    """Import a work-log CSV (template: taskrank/templates/work_log.csv); bad rows are reported by line."""
    from taskrank.work_log_csv import read_work_log
    from warehouse.work_log import import_entries

    cfg = chosen_config(config)
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

    cfg = chosen_config(config)
    with reader(cfg.store, cfg.writer_wait_seconds) as con:
        columns, rows = summary(con, by)
    render_rows(console, columns, [dict(zip(columns, r, strict=True)) for r in rows], fmt,
                title=f"effective pay by {by}")  # fmt: skip
