"""Numbered SQL migrations, applied in order and recorded in schema_version."""

import contextlib
import re
from importlib import resources

import duckdb

_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


def available() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) for every migration shipped with the package, in order."""
    folder = resources.files("warehouse") / "migrations"
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Undo the open transaction; a COMMIT that failed (a lake's conflict) has already undone it."""
    with contextlib.suppress(duckdb.TransactionException):
        con.execute("ROLLBACK")


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Bring the database up to the newest schema; each migration in its own transaction."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, name VARCHAR NOT NULL, "
        "applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)"
    )
    applied = []
    for number, name, sql in available():
        con.execute("BEGIN TRANSACTION")
        try:
            # Read inside the transaction: on a lake another process may have applied it meanwhile.
            if current_version(con) >= number:
                con.execute("COMMIT")
                continue
            con.execute(sql)
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [number, name])
            con.execute("COMMIT")
        except Exception:
            rollback(con)
            raise
        applied.append(name)
    return applied
