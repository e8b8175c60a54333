"""Complete landing folders load on their own: twice, out of order, or rebuilt, they leave the same tables."""

import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import OBSERVED_AT, land_three_runs

from contracts.landing import run_folder
from warehouse.columns import LANDED_LISTING
from warehouse.connection import writer
from warehouse.load import LoadError, load_run, rebuild
from warehouse.migrate import available, migrate

TABLES = ["listing_versions", "listings", "listing_observations", "source_runs", "runs", "rejects"]


def tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in TABLES}


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    return land_three_runs(tmp_path_factory.mktemp("landing"))


def _loaded(path: Path, landing: Path, order: list[str]) -> dict[str, list[tuple]]:
    with writer(path) as con:
        for run_id in order:
            load_run(con, landing, run_id)
        return tables(con)


def test_versions_are_spans_of_identical_content(tmp_path, landing):
    with writer(tmp_path / "w.duckdb") as con:
        for run_id in ("r1", "r2", "r3"):
            load_run(con, landing, run_id)
        versions, superseded = con.execute(
            "SELECT count(*), count(*) FILTER (superseded) FROM listing_versions"
        ).fetchone()
        per_run = dict(con.execute("SELECT run_id, count(*) FROM listing_observations GROUP BY 1").fetchall())
        open_now = con.execute("SELECT count(*) FROM listings WHERE still_open").fetchone()[0]
        first_pay = con.execute(
            "SELECT run_id, reward_amount FROM listing_observations WHERE listing_id = "
            "(SELECT listing_id FROM listing_versions WHERE reward_amount = 9.99 LIMIT 1) ORDER BY run_id"
        ).fetchall()
    # 9 first seen, 1 changed in r2, 1 changed in r3, 3 back after a gap.
    assert (versions, superseded) == (14, 5)
    assert per_run == {"r1": 9, "r2": 6, "r3": 9}
    assert open_now == 9
    assert [run for run, _ in first_pay] == ["r1", "r2", "r3"]
    assert [amount for _, amount in first_pay][1:] == [Decimal("9.99"), Decimal("9.99")]


def test_loading_twice_or_out_of_order_leaves_identical_tables(tmp_path, landing):
    in_order = _loaded(tmp_path / "a.duckdb", landing, ["r1", "r2", "r3"])
    assert _loaded(tmp_path / "b.duckdb", landing, ["r3", "r1", "r2"]) == in_order
    assert _loaded(tmp_path / "c.duckdb", landing, ["r2", "r2", "r1", "r3", "r3"]) == in_order
    assert _loaded(tmp_path / "d.duckdb", landing, ["r1", "r3", "r2", "r1"]) == in_order


def test_rebuild_reproduces_the_tables_from_the_landing_folders_alone(tmp_path, landing):
    in_order = _loaded(tmp_path / "a.duckdb", landing, ["r1", "r2", "r3"])
    with writer(tmp_path / "b.duckdb") as con:
        load_run(con, landing, "r2")
        con.execute("DELETE FROM listing_versions WHERE listing_id IN (SELECT listing_id FROM listings LIMIT 2)")
        rebuild(con, landing)
        assert tables(con) == in_order


def test_checks_fail_a_load_when_a_duplicate_key_is_planted(tmp_path, landing):
    with writer(tmp_path / "w.duckdb") as con:
        load_run(con, landing, "r1")
        con.execute("INSERT INTO listing_versions SELECT * FROM listing_versions LIMIT 1")
        before = tables(con)
        with pytest.raises(LoadError, match="a listing with more than one current version"):
            load_run(con, landing, "r2")
        assert tables(con) == before


def test_a_landing_file_that_cannot_be_read_fails_the_load_in_one_line_with_nothing_written(tmp_path, landing):
    broken = tmp_path / "landing"
    shutil.copytree(landing, broken)
    with (run_folder(broken, "r2").path / "mturk.jsonl").open("a") as lines:
        lines.write('{"platform": "mturk", "listing_id": \n')
    with writer(tmp_path / "w.duckdb") as con:
        load_run(con, broken, "r1")
        before = tables(con)
        with pytest.raises(LoadError, match=r"run 'r2' cannot be read: .*Malformed JSON") as caught:
            load_run(con, broken, "r2")
        assert "\n" not in str(caught.value)
        assert tables(con) == before


def test_a_warehouse_of_the_previous_schema_keeps_its_versions_and_sees_no_change(tmp_path, landing):
    """Version 10 stored the crawler's fingerprint; after the upgrade the same content must still match."""
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE schema_version (version INTEGER NOT NULL, name VARCHAR NOT NULL, "
                    "applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)")  # fmt: skip
        for number, name, sql in available()[:10]:
            con.execute(sql)
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [number, name])
        listings = run_folder(landing, "r1").path / "mturk.jsonl"
        con.execute(
            f"""
            INSERT INTO listing_versions BY NAME
            SELECT * EXCLUDE (reward, observed_at, run_id, description_minutes_hint), reward.amount AS reward_amount,
                   reward.currency AS reward_currency, reward.original_amount AS reward_original_amount,
                   reward.original_unit AS reward_original_unit, 12345 AS content_hash, observed_at AS first_seen,
                   observed_at AS last_seen, 'r1' AS first_run_id, 'r1' AS last_run_id, true AS still_open
            FROM read_json('{listings}', columns = $columns, hive_partitioning = false)
            """,
            {"columns": LANDED_LISTING},
        )
        con.execute("INSERT INTO runs VALUES ('r1', ?, ['mturk'], 9, 1, 'degraded', 'loaded')", [OBSERVED_AT])
        con.execute(
            "INSERT INTO source_runs (run_id, source, mode, pages, items, rejects, page_errors, http_errors, retries, "
            "duration_seconds, health) VALUES ('r1', 'mturk', 'snapshot', 2, 9, 1, 0, 0, 0, 1.0, 'degraded')"
        )
    with writer(path, auto_migrate=False) as con:
        assert migrate(con) == [name for _, name, _ in available()[10:]] + ["models"]
        assert con.execute("SELECT count(*) FROM listings WHERE still_open").fetchone()[0] == 9
        load_run(con, landing, "r2")
        versions = con.execute("SELECT count(*) FROM listing_versions").fetchone()[0]
    # Only the listing whose pay changed gets a second version; the five seen again unchanged continue theirs.
    assert versions == 10


def test_two_runs_started_in_the_same_second_claim_folders_of_their_own(tmp_path):
    from contracts.landing import claim_run

    first, second, third = (claim_run(tmp_path / "landing", "20261206T120000Z") for _ in range(3))
    assert (first, second, third) == ("20261206T120000Z", "20261206T120000Z-2", "20261206T120000Z-3")
    assert sorted([third, first, second, "20261206T120001Z"])[-1] == "20261206T120001Z"
