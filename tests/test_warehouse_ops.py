"""Crash safety, schema upgrades, the work log, queries and exports against a real DuckDB file."""

import json
import os
import signal
import subprocess
import sys
import textwrap
from decimal import Decimal

import duckdb
import pyarrow.parquet as pq
from conftest import SYNTHETIC, run_cli

from warehouse.connection import writer
from warehouse.migrate import available, migrate


def killed_inside(script: str) -> None:
    """Run a script until it prints "inside", then SIGKILL it there."""
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "inside"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)


def env(data_dir):
    return {"TASKRANK_DATA_DIR": str(data_dir)}


def test_a_load_killed_mid_transaction_leaves_all_or_nothing(tmp_path, data_dir, demo_ran):
    db = data_dir / "taskrank.duckdb"
    run_id = next(data_dir.glob("landing/run=*")).name.removeprefix("run=")
    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM listing_versions; DELETE FROM source_runs; DELETE FROM runs; CHECKPOINT")
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        import warehouse.load as load
        from warehouse.connection import writer
        from contracts.landing import run_folder

        run = load.sql.run

        def stall(con, name, **parameters):
            if name == "checks.sql":
                print("inside", flush=True)
                time.sleep(600)
            return run(con, name, **parameters)

        # After versions, runs, rejects and health are written, before the checks and the commit.
        load.sql.run = stall
        with writer(Path({str(db)!r})) as con:
            load.load_run(con, Path({str(data_dir / "landing")!r}), {run_id!r})
    """)
    killed_inside(script)
    with duckdb.connect(str(db), read_only=True) as con:
        counts = con.execute(
            "SELECT (SELECT count(*) FROM listings), (SELECT count(*) FROM listing_observations), "
            "(SELECT count(*) FROM runs)"
        ).fetchone()
    assert counts == (0, 0, 0)
    done = run_cli("load", "--run", run_id, env=env(data_dir))
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM listings WHERE source_mode <> 'catalog'").fetchone()[0] == 33


def test_a_version_1_database_upgrades_in_place_with_its_data(tmp_path):
    path = tmp_path / "old.duckdb"
    first = available()[0]
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, name VARCHAR NOT NULL, "
                    "applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)")  # fmt: skip
        con.execute(first[2])
        con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [first[0], first[1]])
        con.execute("INSERT INTO fx_rates VALUES ('GBP', 0.79, DATE '2026-01-01')")
        con.execute(
            "INSERT INTO listings (platform, listing_id, url, title, reward_amount, reward_currency, pay_basis, "
            "source_mode, first_seen, last_seen, first_run_id, last_run_id, still_open) VALUES ('mturk', 'A1', "
            "'https://example.org/a1', 'Old task', 0.5, 'USD', 'per_task', 'snapshot', TIMESTAMPTZ '2026-01-01', "
            "TIMESTAMPTZ '2026-01-02', 'r0', 'r1', true)"
        )
    with writer(path, auto_migrate=False) as con:
        applied = migrate(con)
        assert applied == [name for _, name, _ in available()[1:]] + ["models"]
        assert con.execute("SELECT * FROM fx_rates").fetchall()[0][:2] == ("GBP", 0.79)
        listing = "SELECT listing_id, title, reward_amount, still_open, content_hash IS NOT NULL FROM listings"
        assert con.execute(listing).fetchall() == [("A1", "Old task", Decimal("0.5"), True, True)]
        assert con.execute("SELECT superseded FROM listing_versions").fetchall() == [(False,)]
        assert con.execute("SELECT count(*) FROM work_log").fetchone()[0] == 0
        assert migrate(con) == []


def test_work_log_lands_good_rows_and_reports_bad_ones_by_line(tmp_path, data_dir):
    csv_file = SYNTHETIC / "work_log" / "mixed.csv"
    done = run_cli("log", "import", str(csv_file), env=env(data_dir))
    assert done.returncode == 2
    problems = [line for line in done.stderr.splitlines() if line.startswith(str(csv_file))]
    lines = [int(p.split(":")[1]) for p in problems]
    assert lines == [4, 6, 7, 8]
    assert problems[0].endswith(":4: minutes: give minutes, or both started_at and ended_at")
    assert "earned" in problems[1] and "status" in problems[2] and "platform" in problems[3]
    assert "imported 4 new entries (0 already there); 4 bad rows skipped" in done.stdout
    again = run_cli("log", "import", str(csv_file), env=env(data_dir))
    assert "imported 0 new entries (4 already there)" in again.stdout
    summary = run_cli("log", "summary", "--format", "json", env=env(data_dir))
    rows = {(r["platform"], r["currency"]): r for r in json.loads(summary.stdout)}
    mturk = rows[("mturk", "USD")]
    assert (mturk["tasks"], mturk["minutes"], mturk["unpaid_tasks"]) == (3, 30.0, 1)
    assert mturk["per_hour"] == round((1.60 + 0.20 + 0.08) / 30 * 60, 2)


def test_work_log_missing_columns(tmp_path, data_dir):
    bad = tmp_path / "bad.csv"
    bad.write_text("when,what\n1,2\n")
    done = run_cli("log", "import", str(bad), env=env(data_dir))
    assert done.returncode == 1
    assert "missing columns ['platform', 'status']" in done.stderr


def test_query_is_read_only_and_formats(tmp_path, data_dir, demo_ran):
    sql = "SELECT platform, count(*) AS n FROM listings WHERE platform IN ('mturk', 'rev') GROUP BY 1 ORDER BY 1"
    done = run_cli("query", sql, "--format", "json", env=env(data_dir))
    # rev: two find-work projects and the catalog's per-audio-minute rate card.
    assert json.loads(done.stdout) == [{"platform": "mturk", "n": 9}, {"platform": "rev", "n": 3}]
    refused = run_cli("query", "DELETE FROM listing_versions", env=env(data_dir))
    assert refused.returncode == 1
    assert "read-only" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1


def test_export_parquet_partitioned_by_date(tmp_path, data_dir, demo_ran):
    out = tmp_path / "export"
    done = run_cli("export", "--format", "parquet", "--out", str(out), env=env(data_dir))
    assert done.returncode == 0, done.stderr
    parts = sorted(p.parent.name for p in (out / "listings").rglob("*.parquet"))
    assert parts and all(p.startswith("date=") for p in parts)
    assert pq.read_table(out / "listings").num_rows == 33 + 5  # listings and rate cards
    assert pq.read_table(out / "ranked_listings").num_rows == 38 + 31  # demo, and uk-student after its rules


def test_a_rank_killed_between_profiles_leaves_every_profile_from_the_same_run(tmp_path, data_dir, demo_ran):
    db = data_dir / "taskrank.duckdb"
    script = textwrap.dedent(f"""
        import time
        from pathlib import Path
        from warehouse import queries
        from warehouse.connection import writer

        class Stalling(dict):
            def items(self):
                for pair in super().items():
                    yield pair
                    print("inside", flush=True)
                    time.sleep(600)

        with writer(Path({str(db)!r})) as con:
            first = queries.ranked(con, "demo").drop_columns(["run_id"])
            import pyarrow as pa
            newer = first.append_column("run_id", pa.array(["later"] * first.num_rows))
            queries.replace_ranked(con, Stalling(demo=newer, **{{"uk-student": newer}}))
    """)
    killed_inside(script)
    with duckdb.connect(str(db), read_only=True) as con:
        runs = con.execute(
            "SELECT profile, list(DISTINCT run_id) FROM ranked_listings GROUP BY 1 ORDER BY 1"
        ).fetchall()
    assert [p for p, _ in runs] == ["demo", "uk-student"]
    assert all(ids != ["later"] and len(ids) == 1 for _, ids in runs)
