"""Re-crawls land only what changed; loading them gives the same warehouse as landing everything in full."""

import json
import shutil

import duckdb
import pytest
from conftest import DEMO_PAGES, OBSERVED_AT

from taskrank.crawling import crawl
from warehouse.connection import writer
from warehouse.landing import base_listings, run_folder
from warehouse.load import load_run
from warehouse.merge import LoadError

HISTORY = ["listings", "listing_observations"]
DAY = OBSERVED_AT.replace(day=OBSERVED_AT.day + 1)


def tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall() for table in HISTORY}


def crawl_mturk(landing, run_id, pages, observed_at, base=None):
    return crawl("mturk", run_folder(landing, run_id).path / "mturk.jsonl", snapshot=pages, run_id=run_id,
                 observed_at=observed_at, base=base)  # fmt: skip


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """r1 in full; r2 a day later with one reward raised, landed both against r1 and in full."""
    root = tmp_path_factory.mktemp("delta")
    pages = root / "pages"
    shutil.copytree(DEMO_PAGES / "mturk", pages)
    crawl_mturk(root / "delta", "r1", pages, OBSERVED_AT)
    page = json.loads((pages / "page-1.json").read_text())
    page["results"][0]["monetary_reward"]["amount_in_dollars"] += 1
    (pages / "page-1.json").write_text(json.dumps(page))
    shutil.copytree(root / "delta", root / "full")
    delta = crawl_mturk(root / "delta", "r2", pages, DAY, base=base_listings(root / "delta", "r2", "mturk", ["r1"]))
    full = crawl_mturk(root / "full", "r2", pages, DAY)
    return root, delta, full, page["results"][0]["hit_set_id"]


def test_a_re_crawl_lands_the_changed_listing_in_full_and_the_rest_as_markers(runs):
    root, delta, full, changed_id = runs
    folder = run_folder(root / "delta", "r2").path
    landed = [json.loads(line) for line in (folder / "mturk.jsonl").read_text().splitlines()]
    markers = [json.loads(line) for line in (folder / "mturk.unchanged.jsonl").read_text().splitlines()]
    assert [row["listing_id"] for row in landed] == [changed_id]
    assert len(markers) == 8 and changed_id not in {m["listing_id"] for m in markers}
    assert (delta.items, delta.unchanged, delta.base_run_id, delta.platforms) == (9, 8, "r1", ["mturk"])
    assert (full.items, full.unchanged, full.base_run_id) == (9, 0, None)


def test_loading_markers_gives_the_same_listings_and_history_as_full_rows(runs, tmp_path):
    root, *_ = runs
    loaded = {}
    for kind in ("delta", "full"):
        with writer(tmp_path / f"{kind}.duckdb") as con:
            for run_id in ("r1", "r2"):
                load_run(con, run_folder(root / kind, run_id), run_id)
            loaded[kind] = tables(con)
            before = tables(con)
            load_run(con, run_folder(root / kind, "r2"), "r2")
            assert tables(con) == before  # a delta run loads idempotently too
    assert loaded["delta"] == loaded["full"]
    assert len(loaded["delta"]["listings"]) == 9
    assert len(loaded["delta"]["listing_observations"]) == 18


def test_a_changed_listing_keeps_its_old_version_superseded(runs, tmp_path):
    root, _, _, changed_id = runs
    with writer(tmp_path / "w.duckdb") as con:
        for run_id in ("r1", "r2"):
            load_run(con, run_folder(root / "delta", run_id), run_id)
        versions = con.execute(
            "SELECT superseded, reward_amount, first_seen, last_seen FROM listing_versions WHERE listing_id = ? "
            "ORDER BY last_seen",
            [changed_id],
        ).fetchall()
        rewards = con.execute(
            "SELECT reward_amount FROM listing_observations WHERE listing_id = ? ORDER BY observed_at", [changed_id]
        ).fetchall()
    (old_flag, old_reward, first, _), (new_flag, new_reward, kept_first, seen) = versions
    assert (old_flag, new_flag) == (True, False)
    assert new_reward == old_reward + 1
    assert kept_first == first == OBSERVED_AT and seen == DAY
    assert [r for (r,) in rewards] == [old_reward, new_reward]


def test_markers_against_a_run_the_warehouse_lacks_are_refused_whole(runs, tmp_path):
    root, *_ = runs
    with writer(tmp_path / "w.duckdb") as con:
        with pytest.raises(LoadError, match=r"8 listings landed as unchanged since run r1.*load that run first"):
            load_run(con, run_folder(root / "delta", "r2"), "r2")
        written = con.execute(
            "SELECT (SELECT count(*) FROM listing_versions), (SELECT count(*) FROM listing_observations), "
            "(SELECT count(*) FROM runs), (SELECT count(*) FROM source_runs)"
        ).fetchone()
    assert written == (0, 0, 0, 0)


def test_rows_of_a_platform_no_stats_file_declares_are_refused(runs, tmp_path):
    root, *_ = runs
    folder = run_folder(tmp_path / "landing", "r1").path
    shutil.copytree(run_folder(root / "full", "r1").path, folder)
    stats = json.loads((folder / "mturk.stats.json").read_text()) | {"platforms": ["prolific"]}
    (folder / "mturk.stats.json").write_text(json.dumps(stats))
    with writer(tmp_path / "w.duckdb") as con:
        with pytest.raises(LoadError, match="9 landed listings belong to platforms no stats file declares"):
            load_run(con, run_folder(tmp_path / "landing", "r1"), "r1")
        assert con.execute("SELECT count(*) FROM listing_versions").fetchone()[0] == 0


def test_the_base_is_the_most_recent_loaded_run_with_the_source_never_the_run_itself(runs):
    root, *_ = runs
    landing = root / "delta"
    assert base_listings(landing, "r3", "mturk", ["r2", "r1"]) == run_folder(landing, "r2").path / "mturk.jsonl"
    assert base_listings(landing, "r3", "mturk", ["r1"]) == run_folder(landing, "r1").path / "mturk.jsonl"
    assert base_listings(landing, "r2", "mturk", ["r2", "r1"]) == run_folder(landing, "r1").path / "mturk.jsonl"
    assert base_listings(landing, "r3", "mturk", ["r9", "r1"]) == run_folder(landing, "r1").path / "mturk.jsonl"
    assert base_listings(landing, "r3", "mturk", []) is None
    assert base_listings(landing, "r3", "prolific", ["r2", "r1"]) is None


def test_a_re_crawl_loaded_after_a_later_change_still_resolves(tmp_path):
    pages = tmp_path / "pages"
    shutil.copytree(DEMO_PAGES / "mturk", pages)
    landing = tmp_path / "landing"
    crawl_mturk(landing, "r1", pages, OBSERVED_AT)
    crawl_mturk(landing, "r2", pages, DAY, base=base_listings(landing, "r2", "mturk", ["r1"]))
    page = json.loads((pages / "page-1.json").read_text())
    page["results"][0]["monetary_reward"]["amount_in_dollars"] += 1
    (pages / "page-1.json").write_text(json.dumps(page))
    later = DAY.replace(day=DAY.day + 1)
    crawl_mturk(landing, "r3", pages, later)
    changed = page["results"][0]["hit_set_id"]
    with writer(tmp_path / "w.duckdb") as con:
        for run_id in ("r1", "r3", "r2"):
            load_run(con, run_folder(landing, run_id), run_id)
        now = "SELECT reward_amount, last_seen FROM listings WHERE listing_id = ?"
        current = con.execute(now, [changed]).fetchone()
        seen = con.execute(
            "SELECT run_id, reward_amount FROM listing_observations WHERE listing_id = ? ORDER BY observed_at",
            [changed],
        ).fetchall()
        observed = con.execute("SELECT count(*) FROM listing_observations WHERE run_id = 'r2'").fetchone()[0]
    assert current[1] == later
    assert [(run, amount - seen[0][1]) for run, amount in seen] == [("r1", 0), ("r2", 0), ("r3", 1)]
    assert current[0] == seen[2][1] and observed == 9


def test_a_listing_repeated_within_a_crawl_lands_in_full_both_times(tmp_path):
    pages = tmp_path / "pages"
    shutil.copytree(DEMO_PAGES / "mturk", pages)
    landing = tmp_path / "landing"
    crawl_mturk(landing, "r1", pages, OBSERVED_AT)
    shutil.copy(pages / "page-1.json", pages / "page-2.json")  # a listing page served twice, as paging can
    stats = crawl_mturk(landing, "r2", pages, DAY, base=base_listings(landing, "r2", "mturk", ["r1"]))
    folder = run_folder(landing, "r2").path
    full = [json.loads(line)["listing_id"] for line in (folder / "mturk.jsonl").read_text().splitlines()]
    markers = (folder / "mturk.unchanged.jsonl").read_text().splitlines()
    assert markers == [] and stats.unchanged == 0
    assert len(full) == 2 * len(set(full))
    with writer(tmp_path / "w.duckdb") as con:
        for run_id in ("r1", "r2"):
            load_run(con, run_folder(landing, run_id), run_id)
        per_listing = con.execute(
            "SELECT max(n) FROM (SELECT count(*) AS n FROM listing_observations GROUP BY run_id, listing_id)"
        ).fetchone()[0]
    assert per_listing == 1


def test_markers_against_content_the_warehouse_has_since_replaced_are_refused(tmp_path):
    pages = tmp_path / "pages"
    shutil.copytree(DEMO_PAGES / "mturk", pages)
    original = (pages / "page-1.json").read_text()
    landing = tmp_path / "landing"
    crawl_mturk(landing, "r1", pages, OBSERVED_AT)
    page = json.loads(original)
    page["results"][0]["monetary_reward"]["amount_in_dollars"] += 1
    (pages / "page-1.json").write_text(json.dumps(page))
    crawl_mturk(landing, "r2", pages, DAY)
    (pages / "page-1.json").write_text(original)  # the listing goes back to its first reward
    later = DAY.replace(day=DAY.day + 1)
    crawl_mturk(landing, "r3", pages, later, base=base_listings(landing, "r3", "mturk", ["r1"]))
    with writer(tmp_path / "w.duckdb") as con:
        for run_id in ("r1", "r2"):
            load_run(con, run_folder(landing, run_id), run_id)
        with pytest.raises(
            LoadError, match="1 listings landed as unchanged since run r1, but the warehouse holds newer"
        ):
            load_run(con, run_folder(landing, "r3"), "r3")
        assert con.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
