"""`taskrank db`: warehouse maintenance."""

import typer

from taskrank.cli.common import (
    ConfigOption,
    app,
    chosen_config,
    console,
    pipeline_steps,
    user_errors,
)
from warehouse.connection import writer

db_app = typer.Typer(help="Warehouse maintenance.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("migrate")
@user_errors
def db_migrate(config: ConfigOption = None) -> None:
    """Create the warehouse or upgrade it in place to the newest schema."""
    from warehouse.migrate import current_version, migrate

    cfg = chosen_config(config)
    with writer(cfg.store, cfg.writer_wait_seconds, auto_migrate=False) as con:
        applied = migrate(con)
        version = current_version(con)
    done = ", ".join(applied) if applied else "nothing to apply"
    console.print(f"{cfg.store}: schema version {version} ({done})")


@db_app.command("rebuild")
@user_errors
def db_rebuild(config: ConfigOption = None) -> None:
    """Rebuild the warehouse's listings, runs and rejects from the landing folders alone, oldest run first."""
    cfg = chosen_config(config)
    with console.status(f"rebuilding from {cfg.landing_dir}"):
        results = pipeline_steps().rebuild(cfg)
    listings = sum(r.listings for r in results)
    console.print(f"{cfg.store}: rebuilt from {len(results)} runs ({listings:,} listing sightings)")
