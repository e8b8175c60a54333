"""Opening the warehouse, a DuckDB file or a DuckLake: on a file one writer at a time, waiting a bounded time; on a
lake writers side by side, a commit that conflicts retried; readers read-only."""

import logging
import random
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb

from warehouse.lake import Lake, LakeError, attach
from warehouse.migrate import migrate, rollback

T = TypeVar("T")
log = logging.getLogger(__name__)
Target = Path | Lake

_HOLDER = re.compile(r"PID (\d+)")
# A load of a million listings peaked at 1.4 GB without a limit and ran no slower under this one (DuckDB spills).
WRITER_MEMORY_LIMIT = "1GB"
# taskrank commands that only read the warehouse.
READING_COMMANDS = {"query", "top", "digest", "export", "train"}


class WarehouseError(Exception):
    """A warehouse problem a person can act on; the message is one line."""


def open_connection(
    path: Target, read_only: bool, wait_seconds: float, config: dict | None = None
) -> duckdb.DuckDBPyConnection:
    """A connection, retried while another process holds the file, for at most `wait_seconds`."""
    if isinstance(path, Lake):
        return _open_lake(path, read_only, config or {})
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


def _open_lake(lake: Lake, read_only: bool, config: dict) -> duckdb.DuckDBPyConnection:
    # Settings that lock the connection down (a sandbox) are applied only once the lake is attached.
    guards = {k: v for k, v in config.items() if k in ("enable_external_access", "lock_configuration")}
    settings = {k: v for k, v in config.items() if k not in guards}
    con = duckdb.connect(config=settings | {"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    try:
        attach(con, lake, read_only)
    except LakeError as exc:
        con.close()
        raise WarehouseError(str(exc)) from None
    if guards:
        # The lake's own files stay readable once people's SQL may read no other file.
        con.execute("SET allowed_directories = $folders", {"folders": [f"{lake.data_path}/"]})
    for key, value in sorted(guards.items(), key=lambda item: item[0] == "lock_configuration"):
        con.execute(f"SET {key} = {str(value).lower()}")
    return con


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
def writer(path: Target, wait_seconds: float = 30.0, auto_migrate: bool = True) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one writing connection, with the schema brought up to date unless asked not to."""
    if isinstance(path, Path):
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
def reader(path: Target, wait_seconds: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection; it never blocks a load for longer than one query."""
    if isinstance(path, Path) and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `taskrank run` or `taskrank load` first")
    con = open_connection(path, read_only=True, wait_seconds=wait_seconds)
    try:
        yield con
    finally:
        con.close()


# Writers on a lake meet at commit: one of two that touched the same table fails and runs its work again.
CONFLICT_ATTEMPTS = 10
CONFLICT_FIRST_WAIT = 0.2
CONFLICT_MAX_WAIT = 5.0


def write(path: Target, work: Callable[[duckdb.DuckDBPyConnection], T], wait_seconds: float = 30.0) -> T:
    """Runs `work` on a writing connection; on a commit conflict with another writer, runs it again on a fresh one,
    waiting a jittered, doubling time between attempts; the last conflict is raised as a one-line error."""
    wait, attempt = CONFLICT_FIRST_WAIT, 1
    while True:
        try:
            with writer(path, wait_seconds) as con:
                return work(con)
        except duckdb.TransactionException as exc:
            if not is_conflict(exc):
                raise
            if attempt == CONFLICT_ATTEMPTS:
                raise WarehouseError(
                    f"{path}: gave up after {attempt} commits conflicted with other writers: {str(exc).splitlines()[0]}"
                ) from None
            log.warning(
                "commit conflicted with another writer; trying again (attempt %d of %d)", attempt + 1, CONFLICT_ATTEMPTS
            )
        time.sleep(wait * random.uniform(0.5, 1.5))
        wait, attempt = min(wait * 2, CONFLICT_MAX_WAIT), attempt + 1


def is_conflict(exc: duckdb.Error) -> bool:
    return "conflict" in str(exc).lower()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """All of the block's writes or none of them."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except Exception:
        rollback(con)
        raise


def compact(con: duckdb.DuckDBPyConnection) -> None:
    """A checkpoint after a load: on a file it folds the write-ahead log in; on a lake it runs DuckLake's maintenance
    (small files merged, files heavy with deletes rewritten). One racing another writer's is left to the next load."""
    try:
        con.execute("CHECKPOINT")
    except duckdb.TransactionException as exc:
        if not is_conflict(exc):
            raise
