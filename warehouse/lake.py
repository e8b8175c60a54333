"""DuckLake as the warehouse past one machine: tables in Parquet files under a data path, their catalog in PostgreSQL,
so loads from several processes or machines commit side by side. The same SQL files run on it as on a DuckDB file."""

import os
import re
import time
from dataclasses import dataclass
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

import duckdb

# Where the PostgreSQL catalog's DSN comes from; it may hold a password, so it is never written anywhere.
CATALOG_ENV = "TASKRANK_DUCKLAKE_CATALOG"
ALIAS = "lake"
# The extensions ship as pip packages built for one DuckDB release; nothing is downloaded at run time.
EXTENSIONS = {"postgres_scanner": "duckdb_extension_postgres_scanner", "ducklake": "duckdb_extension_ducklake"}
ATTACH_ATTEMPTS = 5
# libpq's key=value form: a value is single-quoted (backslash escapes inside) or runs to the next space.
_KEY_VALUE = re.compile(r"(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|(?:[^\s'\\]|\\.)+)")
# Any other DSN in a message: a password= value, or a URI's user:password@ up to the host's last @.
_PASSWORD = re.compile(r"(password\s*=\s*)(?:'(?:[^'\\]|\\.)*'|(?:[^\s'\\&]|\\.)+)|(://[^:/@\s]*:)[^/\s]*@", re.I)


class LakeError(Exception):
    """A DuckLake that cannot be opened as configured; the message is one line and names no secret."""


@dataclass(frozen=True)
class Lake:
    catalog: str
    data_path: Path
    # A PostgreSQL schema of its own lets several lakes share one catalog database.
    schema: str | None = None

    def __str__(self) -> str:
        return f"DuckLake at {self.data_path} (catalog {redact(self.catalog, self.catalog)})"


def from_environment(data_path: Path, variable: str = CATALOG_ENV, schema: str | None = None) -> Lake:
    catalog = os.environ.get(variable, "").strip()
    if not catalog:
        raise LakeError(
            f"the DuckLake warehouse needs its PostgreSQL catalog in ${variable} "
            "(e.g. postgresql://user@host:5432/taskrank)"
        )
    return Lake(catalog, data_path, schema)


def redact(text: str, dsn: str | None = None) -> str:
    """Text with no password left in it: the DSN's own, parsed out, hidden wherever it appears, then any other."""
    for secret in sorted(passwords(dsn or ""), key=len, reverse=True):
        text = text.replace(secret, "***")
    return _PASSWORD.sub(lambda m: (m.group(1) or m.group(2)) + ("***" if m.group(1) else "***@"), text)


def passwords(dsn: str) -> set[str]:
    """The password a DSN holds, in every spelling it may be shown in (quoted, escaped, percent-encoded, plain)."""
    found: set[str] = set()
    if dsn.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(dsn)
        raw = parts.netloc.rpartition("@")[0].partition(":")[2] if "@" in parts.netloc else ""
        found |= {raw, unquote(raw)}
        found |= {value for key, value in parse_qsl(parts.query) if key.lower() == "password"}
    else:
        for key, value in _KEY_VALUE.findall(dsn):
            if key.lower() == "password":
                plain = re.sub(r"\\(.)", r"\1", value[1:-1] if value.startswith("'") else value)
                found |= {value, plain}
    return {secret for secret in found if secret}


def extension_file(name: str) -> Path:
    package = EXTENSIONS[name]
    if find_spec(package) is None:
        raise LakeError(f"DuckLake needs the {package.replace('_', '-')} package: run `make install`")
    path = Path(str(resources.files(package))) / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"
    if not path.is_file():
        raise LakeError(f"{package.replace('_', '-')} has no build for duckdb {duckdb.__version__}: run `make install`")
    return path


def attach(con: duckdb.DuckDBPyConnection, lake: Lake, read_only: bool) -> None:
    """Loads the extensions from their packages, attaches the lake and makes it the default database."""
    for name in EXTENSIONS:
        con.execute(f"LOAD '{_quoted(str(extension_file(name)))}'")
    lake.data_path.mkdir(parents=True, exist_ok=True)
    options = f"DATA_PATH '{_quoted(str(lake.data_path))}/', DATA_INLINING_ROW_LIMIT 0"
    options += f", METADATA_SCHEMA '{_quoted(lake.schema)}'" if lake.schema else ""
    options += ", READ_ONLY" if read_only else ""
    for attempt in range(1, ATTACH_ATTEMPTS + 1):
        try:
            con.execute(f"ATTACH 'ducklake:postgres:{_quoted(lake.catalog)}' AS {ALIAS} ({options})")
            break
        except duckdb.Error as exc:
            problem = redact(str(exc).splitlines()[0], lake.catalog)
            # Two processes creating a new lake's catalog tables at once: the loser finds them made and goes on.
            racing = "initialize DuckLake" in problem and ("duplicate key" in problem or "already exists" in problem)
            if not racing or attempt == ATTACH_ATTEMPTS:
                raise LakeError(f"cannot open {lake}: {problem}") from None
            time.sleep(0.1 * attempt)
    con.execute(f"USE {ALIAS}")


def _quoted(text: str) -> str:
    return text.replace("'", "''")
