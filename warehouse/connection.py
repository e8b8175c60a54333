"""Opening the warehouse: one writer at a time, waiting a bounded time; readers read-only."""

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.migrate import migrate

_HOLDER = re.compile(r"PID (\d+)")
# A load of a million listings peaked at 1.4 GB without a limit and ran no slower under this one (DuckDB spills).
WRITER_MEMORY_LIMIT = "1GB"
# taskrank commands that only read the warehouse.
READING_COMMANDS = {"query", "top", "digest", "export", "train"}


class WarehouseError(Exception):
    """A warehouse problem a person can act on; the message is one line."""


def open_connection(
    path: Path, read_only: bool, wait_seconds: float, config: dict | None = None
) -> duckdb.DuckDBPyConnection:
    """A connection, retried while another process holds the file, for at most `wait_seconds`."""
    deadline = time.monotonic() + wait_seconds
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config or {})
        except duckdb.IOException as exc:
            text = str(exc)
            if "lock" not in text.lower():
                raise WarehouseError(f"cannot open {path}: {text.splitlines()[0]}") from None
            if time.monotonic() >= deadline:
                raise WarehouseError(
                    f"warehouse {path} is locked by {_holder(text)}; "
                    f"gave up after {wait_seconds:g}s — try again when it finishes"
                ) from None
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


def _holder(message: str) -> str:
    """Which process holds the file and what it runs, so a person can tell a reader from a load."""
    found = _HOLDER.search(message)
    if not found:
        return "another process"
    try:
        command = Path(f"/proc/{found.group(1)}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return f"process {found.group(1)}"
    words = command.split()
    starts = [i for i, w in enumerate(words) if w.endswith(("/taskrank", "taskrank.cli")) or w == "taskrank"]
    if not starts:
        return f"process {found.group(1)} ({command.strip()[:80]})"
    verb = next((w for w in words[starts[0] + 1 :] if not w.startswith("-")), "")
    role = "a reader" if verb in READING_COMMANDS else "a writer"
    return f"{role} (process {found.group(1)}: taskrank {verb})"


@contextmanager
def writer(path: Path, wait_seconds: float = 30.0, auto_migrate: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one writing connection, with the schema brought up to date unless asked not to."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = open_connection(
        path, read_only=False, wait_seconds=wait_seconds, config={"memory_limit": WRITER_MEMORY_LIMIT}
    )
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
    con = open_connection(path, read_only=True, wait_seconds=wait_seconds)
    try:
        yield con
    finally:
        con.close()
