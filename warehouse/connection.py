"""Opening the warehouse: one writer at a time, waiting a bounded time; readers read-only."""

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.migrate import migrate

_HOLDER = re.compile(r"PID (\d+)")


class WarehouseError(Exception):
    """A warehouse problem a person can act on; the message is one line."""


def _open(path: Path, read_only: bool, wait_seconds: float) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait_seconds
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as exc:
            text = str(exc)
            if "lock" not in text.lower():
                raise WarehouseError(f"cannot open {path}: {text.splitlines()[0]}") from None
            if time.monotonic() >= deadline:
                holder = _HOLDER.search(text)
                who = f"process {holder.group(1)}" if holder else "another process"
                raise WarehouseError(
                    f"warehouse {path} is locked by {who} (a load or another writer); "
                    f"gave up after {wait_seconds:g}s — try again when it finishes"
                ) from None
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


@contextmanager
def writer(path: Path, wait_seconds: float = 30.0, auto_migrate: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one writing connection, with the schema brought up to date unless asked not to."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = _open(path, read_only=False, wait_seconds=wait_seconds)
    try:
        if auto_migrate:
            migrate(con)
        yield con
    finally:
        con.close()


@contextmanager
def reader(path: Path, wait_seconds: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection; it never blocks a load for longer than one query."""
    if not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `taskrank run` or `taskrank load` first")
    con = _open(path, read_only=True, wait_seconds=wait_seconds)
    try:
        yield con
    finally:
        con.close()
