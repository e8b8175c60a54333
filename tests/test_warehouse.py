import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest
from conftest import OBSERVED_AT, PAGES

from contracts.landing import newest_run_id, run_folder
from taskrank.crawling import crawl
from warehouse import sql
from warehouse.connection import WarehouseError, reader, writer
from warehouse.load import DROP_SHARE, HISTORY_RUNS, REJECT_SHARE, load_run
from warehouse.migrate import available, current_version

TABLES = ["listings", "listing_observations", "rejects", "source_runs", "runs"]


def snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in TABLES}


@pytest.fixture(scope="module")
def landing(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("landing")
    crawl("mturk", run_folder(root, "r1").path / "mturk.jsonl", snapshot=PAGES / "mturk", run_id="r1",
          observed_at=OBSERVED_AT)  # fmt: skip
    return root


def test_schema_is_migrated_in_order(tmp_path):
    with writer(tmp_path / "w.duckdb") as con:
        assert current_version(con) == max(number for number, _, _ in available())
        names = [r[0] for r in con.execute("SELECT name FROM schema_version ORDER BY version").fetchall()]
    assert names == [name for _, name, _ in available()]


def test_loading_a_run_twice_leaves_the_same_tables(tmp_path, landing):
    with writer(tmp_path / "w.duckdb") as con:
        first = load_run(con, landing, "r1")
        before = snapshot(con)
        again = load_run(con, landing, "r1")
        after = snapshot(con)
    assert before == after
    assert first == again
    assert (first.listings, first.rejects, first.health) == (9, 1, "ok")
    assert len(before["listings"]) == 9
    assert len(before["listing_observations"]) == 9
    assert len(before["rejects"]) == 1


def test_duplicate_keys_in_one_batch_resolve_to_the_latest_then_by_content(tmp_path, landing):
    folder = run_folder(tmp_path / "landing", "dup")
    folder.path.mkdir(parents=True)
    rows = [json.loads(line) for line in (run_folder(landing, "r1").path / "mturk.jsonl").read_text().splitlines()]
    base = rows[0]
    older = dict(base, observed_at="2026-11-22T05:00:00Z", title="older")
    newer_a = dict(base, observed_at="2026-11-22T07:00:00Z", title="newer A")
    newer_b = dict(base, observed_at="2026-11-22T07:00:00Z", title="newer B")
    results = []
    for order in ([older, newer_a, newer_b], [newer_b, older, newer_a]):
        (folder.path / "mturk.jsonl").write_text("".join(json.dumps(r) + "\n" for r in order))
        (folder.path / "mturk.stats.json").write_text(
            json.dumps(
                {
                    "source": "mturk",
                    "run_id": "dup",
                    "mode": "snapshot",
                    "pages": 1,
                    "items": 3,
                    "rejects": 0,
                    "page_errors": 0,
                    "http_errors": 0,
                    "retries": 0,
                    "duration_seconds": 0.1,
                    "health": "ok",
                    "message": "",
                }
            )  # fmt: skip
        )
        with writer(tmp_path / f"dup{len(results)}.duckdb") as con:
            load_run(con, tmp_path / "landing", "dup")
            results.append(con.execute("SELECT title, first_seen FROM listings").fetchall())
    assert results[0] == results[1]
    assert len(results[0]) == 1
    assert results[0][0][0] in {"newer A", "newer B"}


def test_listing_not_seen_in_a_later_run_is_closed(tmp_path, landing):
    root = tmp_path / "landing"
    shutil.copytree(run_folder(landing, "r1").path, run_folder(root, "r1").path)
    later = run_folder(root, "r2")
    later.path.mkdir(parents=True)
    rows = (run_folder(landing, "r1").path / "mturk.jsonl").read_text().splitlines()
    kept = [dict(json.loads(r), observed_at="2026-11-23T06:00:00Z", run_id="r2") for r in rows[:3]]
    (later.path / "mturk.jsonl").write_text("".join(json.dumps(r) + "\n" for r in kept))
    (later.path / "mturk.stats.json").write_text((run_folder(landing, "r1").path / "mturk.stats.json").read_text())
    with writer(tmp_path / "w.duckdb") as con:
        load_run(con, root, "r1")
        load_run(con, root, "r2")
        open_count, closed = con.execute(
            "SELECT count(*) FILTER (still_open), count(*) FILTER (NOT still_open) FROM listings"
        ).fetchone()
        history = con.execute("SELECT count(*) FROM listing_observations").fetchone()[0]
    assert (open_count, closed, history) == (3, 6, 12)


def test_missing_run_folder_is_reported(tmp_path):
    with writer(tmp_path / "w.duckdb") as con, pytest.raises(FileNotFoundError, match="no landing folder"):
        load_run(con, tmp_path, "nope")


def test_newest_run_id(landing):
    assert newest_run_id(landing) == "r1"


def test_second_writer_waits_then_names_the_holder(tmp_path):
    path = tmp_path / "w.duckdb"
    with writer(path):
        pass
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({str(path)!r})
            print("ready", flush=True)
            sys.stdin.readline()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(WarehouseError) as caught, writer(path, wait_seconds=0.5):
            pass
        assert f"locked by process {holder.pid}" in str(caught.value)
        assert "gave up after 0.5s" in str(caught.value)
    finally:
        holder.communicate("done\n", timeout=30)


def test_reader_needs_an_existing_warehouse(tmp_path):
    with pytest.raises(WarehouseError, match="no warehouse at"), reader(tmp_path / "none.duckdb"):
        pass


def test_a_source_that_used_to_return_listings_and_now_returns_none_is_broken(tmp_path, landing):
    good = run_folder(landing, "r1").path
    root = tmp_path / "landing"
    for run_id in ("20261120T060000Z", "20261121T060000Z"):
        folder = run_folder(root, run_id).path
        folder.mkdir(parents=True)
        for name in ("mturk.jsonl", "mturk.rejects.jsonl"):
            (folder / name).write_text((good / name).read_text())
        stats = json.loads((good / "mturk.stats.json").read_text()) | {"run_id": run_id}
        (folder / "mturk.stats.json").write_text(json.dumps(stats))
    empty = run_folder(root, "20261122T060000Z").path
    empty.mkdir(parents=True)
    (empty / "mturk.jsonl").write_text("")
    (empty / "mturk.rejects.jsonl").write_text("")
    stats = json.loads((good / "mturk.stats.json").read_text())
    # What a changed page looks like from inside one crawl: pages read, nothing found, nothing rejected.
    stats |= {"run_id": "20261122T060000Z", "items": 0, "rejects": 0, "page_errors": 0, "health": "ok", "message": ""}
    (empty / "mturk.stats.json").write_text(json.dumps(stats))
    with writer(tmp_path / "w.duckdb") as con:
        for run_id in ("20261120T060000Z", "20261121T060000Z"):
            assert load_run(con, root, run_id).unhealthy == {}
        result = load_run(con, root, "20261122T060000Z")
        again = load_run(con, root, "20261122T060000Z")
        still_open = con.execute("SELECT count(*) FROM listings WHERE still_open").fetchone()[0]
    assert result.health == "broken"
    assert result.unhealthy == {"mturk": "broken: returned no listings (usually 9 over the last 2 healthy runs)"}
    assert again == result
    assert still_open == 9  # an empty crawl is no evidence that listings closed


@pytest.mark.parametrize(
    ("facts", "health", "note"),
    [
        ({"pages": 0, "items": 0}, "failed", None),
        ({"items": 0}, "broken", "returned no listings (usually 100 over the last 1 healthy runs)"),
        (
            {"items": 3, "rejects": 4},
            "broken",
            "returned mostly rejects (usually 100 over the last 1 healthy runs); 4 of 7 records unreadable (over 10%)",
        ),
        ({"items": 95, "rejects": 5}, "ok", "5 of 100 records unreadable"),
        ({"items": 90, "rejects": 10}, "ok", "10 of 100 records unreadable"),
        ({"items": 89, "rejects": 11}, "degraded", "11 of 100 records unreadable (over 10%)"),
        ({"page_errors": 1}, "degraded", "1 page could not be parsed"),
        ({"http_errors": 2}, "degraded", "2 requests failed"),
        ({"finish_reason": "shutdown"}, "degraded", "stopped early: shutdown"),
        ({"items": 19}, "degraded", "returned far fewer listings (usually 100 over the last 1 healthy runs)"),
        ({"items": 20}, "ok", None),
        # A feed whose items state no pay, or a salary, is read as it should be: ok, with the count said.
        (
            {"items": 3, "rejects": 7, "out_of_scope": 7},
            "degraded",
            "returned far fewer listings (usually 100 over the last 1 healthy runs); 7 out of scope (not priced per "
            "task or hour)",
        ),
        (
            {"items": 90, "rejects": 30, "out_of_scope": 25},
            "ok",
            "5 of 120 records unreadable; 25 out of scope (not priced per task or hour)",
        ),
        (
            {"items": 0, "rejects": 10, "out_of_scope": 10},
            "degraded",
            "returned no listings (usually 100 over the last 1 healthy runs); 10 out of scope (not priced per "
            "task or hour)",
        ),
        (
            {"items": 90, "rejects": 30, "out_of_scope": 10},
            "degraded",
            "20 of 120 records unreadable (over 10%); 10 out of scope (not priced per task or hour)",
        ),
    ],
)
def test_health_thresholds(tmp_path, facts, health, note):
    """A few rejects among many listings is ok with the count shown; what needs a person is degraded or worse."""
    base = {"mode": "snapshot", "pages": 3, "items": 100, "rejects": 0, "out_of_scope": 0, "page_errors": 0,
            "http_errors": 0, "retries": 0, "duration_seconds": 1.0, "health": "ok",
            "finish_reason": "finished"}  # fmt: skip
    with writer(tmp_path / "w.duckdb") as con:
        for day, run_id, row in ((20, "earlier", base), (22, "now", base | facts)):
            con.execute("INSERT INTO runs VALUES (?, ?, ['mturk'], 0, 0, 'ok', 'loaded')",
                        [run_id, OBSERVED_AT.replace(day=day)])  # fmt: skip
            con.execute("INSERT INTO source_runs BY NAME SELECT ? AS run_id, 'mturk' AS source, UNNEST(?)",
                        [run_id, row])  # fmt: skip
        sql.run(con, "marts/source_health.sql", run_id="now", drop_share=DROP_SHARE, reject_share=REJECT_SHARE,
                history_runs=HISTORY_RUNS)  # fmt: skip
        judged = con.execute("SELECT health, health_note FROM source_runs WHERE run_id = 'now'").fetchone()
    assert judged == (health, note)
