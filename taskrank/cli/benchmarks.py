"""`taskrank bench`: benchmarks against a bare baseline measured in the same run."""

import contextlib
import tempfile
from pathlib import Path
from typing import Annotated, Literal

import typer

from taskrank.cli.common import (
    app,
    console,
)

bench_app = typer.Typer(help="Benchmarks against a bare baseline measured in the same run.", no_args_is_help=True)
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
