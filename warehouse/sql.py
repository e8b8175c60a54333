"""The SQL files under warehouse/sql, run statement by statement with the named parameters each statement uses."""

import re
from functools import cache
from importlib import resources

import duckdb

_PARAMETER = re.compile(r"\$([a-z_]+)")


@cache
def statements(name: str) -> tuple[str, ...]:
    text = (resources.files("warehouse") / "sql" / name).read_text(encoding="utf-8")
    chunks = (chunk.strip() for chunk in text.split(";\n"))
    return tuple(c for c in chunks if any(line and not line.startswith("--") for line in c.splitlines()))


def run(con: duckdb.DuckDBPyConnection, name: str, **parameters: object) -> duckdb.DuckDBPyConnection:
    """Runs every statement of the file in order; returns the connection, holding the last statement's result."""
    for statement in statements(name):
        used = {key: parameters[key] for key in _PARAMETER.findall(statement)}
        con.execute(statement, used or None)
    return con
