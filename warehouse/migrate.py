"""Numbered SQL migrations (tables and backfills), applied in order and recorded in schema_version; then the read
views, kept as models in warehouse/sql/models."""

import contextlib
import hashlib
import json
import re
from importlib import resources

import duckdb

from warehouse.columns import RANKED_ROW

_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
_VIEW = re.compile(r"CREATE OR REPLACE VIEW (\w+)", re.IGNORECASE)


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
    if apply_models(con, force=bool(applied)):
        applied.append("models")
    return applied


def models() -> list[tuple[str, str]]:
    """(file name, SQL) of every read view under warehouse/sql/models, in the order their names give."""
    folder = resources.files("warehouse") / "sql" / "models"
    return sorted((e.name, e.read_text(encoding="utf-8")) for e in folder.iterdir() if e.name.endswith(".sql"))


def apply_models(con: duckdb.DuckDBPyConnection, force: bool = False) -> bool:
    """Every read view (CREATE OR REPLACE) and the ranked table's contract columns, when the model files or the
    contract changed since they were last applied, or after a migration (which may have dropped a view to change its
    table); views live in files, not in migrations."""
    declared = "\n".join([*(sql for _, sql in models()), json.dumps(RANKED_ROW)])
    fingerprint = hashlib.sha256(declared.encode()).hexdigest()
    con.execute("CREATE TABLE IF NOT EXISTS schema_models (fingerprint VARCHAR NOT NULL, applied_at TIMESTAMPTZ)")
    con.execute("BEGIN TRANSACTION")
    try:
        current = con.execute("SELECT max_by(fingerprint, applied_at) FROM schema_models").fetchone()[0]
        names = [_VIEW.search(sql).group(1) for _, sql in models()]
        present = con.execute("SELECT count(DISTINCT view_name) FROM duckdb_views() WHERE view_name IN ?", [names])
        if current == fingerprint and not force and present.fetchone()[0] == len(names):
            con.execute("COMMIT")
            return False
        for _, sql in models():
            con.execute(sql)
        _ranked_columns(con)
        con.execute("INSERT INTO schema_models VALUES (?, now())", [fingerprint])
        con.execute("COMMIT")
    except Exception:
        rollback(con)
        raise
    return True


def _ranked_columns(con: duckdb.DuckDBPyConnection) -> None:
    """The ranked table gains every column its contract (contracts.RankedRow) declares and it lacks: it is rewritten
    by every ranking, so a new column needs no migration and no backfill."""
    have = {row[0] for row in con.execute("DESCRIBE ranked_listings").fetchall()}
    for name, kind in RANKED_ROW.items():
        if name not in have:
            con.execute(f"ALTER TABLE ranked_listings ADD COLUMN {name} {kind}")
