"""The `taskrank` app and what its commands share: options, consoles, and one-line errors."""

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from taskrank.errors import TaskrankError
from taskrank.output import Format
from taskrank.settings import Config, load_config
from warehouse.connection import WarehouseError

app = typer.Typer(help="Rank micro-task and survey listings by what they really pay per hour of your time.",
                  no_args_is_help=True, pretty_exceptions_enable=False)  # fmt: skip
# Piped output keeps whole columns rather than squeezing them to rich's 80-column default.
console = Console() if sys.stdout.isatty() else Console(width=160)
errors = Console(stderr=True)

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


def pipeline_steps() -> ModuleType:
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


def chosen_config(path: Path | None) -> Config:
    """The config at `path`, or $TASKRANK_CONFIG, or the bundled demo."""
    return load_config(path)
