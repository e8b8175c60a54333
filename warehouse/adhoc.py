"""People's own SQL: read-only, no file or network access, settings locked, bounded in time and rows."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.connection import Target, WarehouseError, open_connection

# DuckDB's own guards: no files but the warehouse, no extensions, and nobody may switch them back on.
SANDBOX = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}
TIMEOUT_SECONDS = 30.0
ROW_CAP = 10_000


class QueryRefused(ValueError):
    """A statement people's SQL may not run; the message is one line."""


@contextmanager
def sandboxed_reader(path: Target, wait_seconds: float) -> Iterator[duckdb.DuckDBPyConnection]:
    if isinstance(path, Path) and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `taskrank run` or `taskrank load` first")
    con = open_connection(path, read_only=True, wait_seconds=wait_seconds, config=SANDBOX)
    try:
        yield con
    finally:
        con.close()


def run_query(
    con: duckdb.DuckDBPyConnection, sql: str, timeout: float = TIMEOUT_SECONDS, row_cap: int = ROW_CAP
) -> tuple[list[str], list[tuple], bool]:
    """Columns, at most `row_cap` rows, and whether more were left out. Only SELECT-like statements run."""
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryRefused(f"query failed: {str(exc).splitlines()[0]}") from None
    if len(statements) != 1:
        raise QueryRefused(f"give exactly one statement (got {len(statements)})")
    kind = statements[0].type
    if kind not in (duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN):
        raise QueryRefused(f"only SELECT queries may run here; {kind.name} is refused (the warehouse is read-only)")
    timer = threading.Timer(timeout, con.interrupt)
    timer.start()
    try:
        cursor = con.execute(sql)
        rows = cursor.fetchmany(row_cap + 1) if cursor.description else []
    except duckdb.InterruptException:
        raise QueryRefused(f"query stopped after {timeout:g}s; narrow it with WHERE or LIMIT") from None
    except duckdb.Error as exc:
        raise QueryRefused(f"query failed: {str(exc).splitlines()[0]}") from None
    finally:
        timer.cancel()
    columns = [d[0] for d in cursor.description] if cursor.description else []
    return columns, rows[:row_cap], len(rows) > row_cap
