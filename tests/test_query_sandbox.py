"""`taskrank query` reads the warehouse and nothing else: every other statement or file access is refused."""

import subprocess
import sys

import pytest
from conftest import run_cli

from warehouse.adhoc import QueryRefused, run_query, sandboxed_reader
from warehouse.connection import WarehouseError, writer

REFUSED = [
    ("COPY listing_versions TO '{tmp}/out.csv'", "COPY is refused"),
    ("EXPORT DATABASE '{tmp}/dump'", "EXPORT is refused"),
    ("ATTACH '{tmp}/other.duckdb'", "ATTACH is refused"),
    ("INSTALL httpfs", "LOAD is refused"),  # DuckDB names INSTALL a LOAD statement
    ("LOAD httpfs", "LOAD is refused"),
    ("SET threads = 1", "SET is refused"),
    ("RESET threads", "is refused"),
    ("DELETE FROM listing_versions", "DELETE is refused"),
    ("CREATE TABLE t AS SELECT 1", "CREATE is refused"),
    ("SELECT 1; SELECT 2", "exactly one statement"),
    ("SELECT * FROM read_csv('/etc/passwd')", "file system operations are disabled"),
    ("SELECT * FROM read_text('/etc/hostname')", "file system operations are disabled"),
    ("SELECT * FROM glob('/etc/*')", "file system operations are disabled"),
    ("SELECT * FROM read_parquet('{tmp}/x.parquet')", "file system operations are disabled"),
    ("SELECT * FROM read_json('https://example.org/x.json')", "disabled"),
]


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "taskrank.duckdb"
    with writer(path) as con:
        con.execute("SELECT 1")
    return path


@pytest.mark.parametrize(("sql", "message"), REFUSED)
def test_every_statement_but_a_select_and_every_file_read_is_refused(warehouse, tmp_path, sql, message):
    with sandboxed_reader(warehouse, 1) as con, pytest.raises(QueryRefused, match=message):
        run_query(con, sql.format(tmp=tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taskrank.duckdb"]


def test_a_select_reads_the_warehouse_and_rows_are_capped(warehouse):
    with sandboxed_reader(warehouse, 1) as con:
        columns, rows, cut = run_query(con, "SELECT range AS n FROM range(25)", row_cap=10)
        assert columns == ["n"] and [r[0] for r in rows] == list(range(10)) and cut
        assert run_query(con, "SELECT count(*) FROM listings")[1] == [(0,)]


def test_a_long_query_is_stopped_at_its_timeout(warehouse):
    with sandboxed_reader(warehouse, 1) as con, pytest.raises(QueryRefused, match="stopped after 0.5s"):
        run_query(con, "SELECT count(*) FROM range(1000000000000) a", timeout=0.5)


def test_the_cli_refuses_in_one_line_and_writes_no_file(warehouse, tmp_path):
    env = {"TASKRANK_DATA_DIR": str(tmp_path)}
    done = run_cli("query", f"COPY (SELECT 1) TO '{tmp_path}/leak.csv'", env=env)
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "COPY is refused" in done.stderr and not (tmp_path / "leak.csv").exists()


def test_a_query_that_would_eat_the_machines_memory_fails_at_once_in_one_line(warehouse, tmp_path):
    env = {"TASKRANK_DATA_DIR": str(tmp_path)}
    done = run_cli("query", "--timeout", "1", "SELECT length(repeat('x', 4000000000))", env=env)
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "Out of Memory" in done.stderr


def test_a_load_blocked_by_a_reader_says_it_is_a_reader(warehouse):
    script = (
        "import sys, time, duckdb; con = duckdb.connect(sys.argv[1], read_only=True); print('open', flush=True); "
        "time.sleep(60)"
    )
    # The child's command line reads like a person's `taskrank query`, as /proc shows it.
    child = subprocess.Popen(
        [sys.executable, "-c", script, str(warehouse), "taskrank", "query"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout.readline().strip() == "open"
        locked = pytest.raises(WarehouseError, match=r"locked by a reader \(process \d+: taskrank query\)")
        with locked, writer(warehouse, wait_seconds=0.3):
            pass
    finally:
        child.kill()
        child.wait(timeout=10)
