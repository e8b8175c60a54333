"""People's own SQL: read-only, no file or network access, settings locked, bounded in time, memory and rows.

On a DuckLake warehouse people's SQL never runs on the connection that reaches the catalog: the lake's tables are
read into an in-memory database of their own, which has neither the postgres extension, nor the DSN, nor the lake.
"""

import resource
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from warehouse.connection import Target, WarehouseError, open_connection
from warehouse.lake import Lake

# DuckDB's own guards: no files but the warehouse, no extensions, and nobody may switch them back on.
SANDBOX = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "memory_limit": "1GB",
    "threads": 2,
    "lock_configuration": True,
}
TIMEOUT_SECONDS = 30.0
ROW_CAP = 10_000
# Address space a query may add to its process: some functions (repeat) allocate outside DuckDB's memory_limit.
QUERY_MEMORY_BYTES = 1536 * 2**20


class QueryRefused(ValueError):
    """A statement people's SQL may not run; the message is one line."""


@contextmanager
def sandboxed_reader(path: Target, wait_seconds: float) -> Iterator[duckdb.DuckDBPyConnection]:
    if isinstance(path, Path) and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `taskrank run` or `taskrank load` first")
    con = _lake_snapshot(path, wait_seconds) if isinstance(path, Lake) else _file(path, wait_seconds)
    try:
        yield con
    finally:
        con.close()


def _file(path: Path, wait_seconds: float) -> duckdb.DuckDBPyConnection:
    return open_connection(path, read_only=True, wait_seconds=wait_seconds, config=SANDBOX)


def _lake_snapshot(lake: Lake, wait_seconds: float) -> duckdb.DuckDBPyConnection:
    """The lake's tables and views, as they are now, in a sandboxed in-memory database."""
    settings = {k: v for k, v in SANDBOX.items() if k not in ("enable_external_access", "lock_configuration")}
    memory = duckdb.connect(":memory:", config=settings)
    try:
        source = open_connection(lake, read_only=True, wait_seconds=wait_seconds)
        try:
            for (table,) in source.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() ORDER BY 1"
            ).fetchall():
                memory.register("snapshot_rows", source.execute(f'SELECT * FROM "{table}"').to_arrow_table())
                memory.execute(f'CREATE TABLE "{table}" AS SELECT * FROM snapshot_rows')
                memory.unregister("snapshot_rows")
            views = source.execute(
                "SELECT sql FROM duckdb_views() WHERE database_name = current_database() AND NOT internal"
            ).fetchall()
        finally:
            source.close()
        _create_views(memory, [sql for (sql,) in views])
        memory.execute("SET enable_external_access = false")
        memory.execute("SET lock_configuration = true")
    except Exception:
        memory.close()
        raise
    return memory


def bound_process_memory(extra: int = QUERY_MEMORY_BYTES) -> None:
    """Cap this process's address space at what it holds now plus `extra`: a query past it fails with one line.

    For a process that runs people's SQL and then ends (the `query` command); Linux only, elsewhere a no-op.
    """
    status = Path("/proc/self/status")
    if not status.exists():
        return
    virtual = next((line for line in status.read_text().splitlines() if line.startswith("VmSize:")), None)
    if virtual is None:
        return
    limit = int(virtual.split()[1]) * 1024 + extra
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))


def _create_views(con: duckdb.DuckDBPyConnection, pending: list[str]) -> None:
    """Each view once the views it reads exist: a catalog does not keep them in the order they were made."""
    while pending:
        postponed = []
        for sql in pending:
            try:
                con.execute(sql)
            except duckdb.CatalogException:
                postponed.append(sql)
        if len(postponed) == len(pending):
            raise WarehouseError(f"the lake's views could not be read ({len(pending)} left): run `taskrank db migrate`")
        pending = postponed


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
