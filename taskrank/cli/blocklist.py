"""`taskrank blocklist`: requesters a profile blocks, kept in the warehouse."""

from pathlib import Path
from typing import Annotated, Literal

import typer

from taskrank.cli.common import (
    ConfigOption,
    ProfileOption,
    app,
    chosen_config,
    console,
    user_errors,
)
from taskrank.errors import TaskrankError
from warehouse.connection import reader, writer

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

    cfg = chosen_config(config)
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

    cfg = chosen_config(config)
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

    cfg = chosen_config(config)
    name = cfg.chosen_profile(profile).name
    with writer(cfg.store, cfg.writer_wait_seconds) as con:
        removed = queries.remove_block(con, name, requester_id)
    if not removed:
        raise TaskrankError(f"{requester_id} is not on {name}'s block list in the warehouse")
    console.print(f"{name}: unblocked {requester_id}; it shows again from the next ranking")
