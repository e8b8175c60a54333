import pytest
from conftest import OBSERVED_AT, PAGES

from contracts.landing import run_folder
from taskrank.crawling import crawl
from taskrank.errors import TaskrankError
from taskrank.labels import gather_labels
from warehouse.connection import writer
from warehouse.load import load_run

FIRST, SECOND = "3SYN0000000000000000000000001", "3SYN0000000000000000000000002"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    root = tmp_path_factory.mktemp("labels")
    crawl("mturk", run_folder(root / "landing", "r1").path / "mturk.jsonl", snapshot=PAGES / "mturk",
          run_id="r1", observed_at=OBSERVED_AT)  # fmt: skip
    with writer(root / "w.duckdb") as con:
        load_run(con, root / "landing", "r1")
    return root / "w.duckdb"


def test_community_times_join_known_listings_and_skip_the_rest(warehouse, tmp_path):
    csv = tmp_path / "times.csv"
    csv.write_text(
        "platform,listing_id,minutes,note\n"
        f"mturk,{FIRST},12.5,timed by a forum member\n"
        f"mturk,{SECOND},3,\n"
        "mturk,NOT-A-LISTING,4,unknown listing\n"
        f"mturk,{FIRST},0,zero minutes is no label\n"
        "prolific,x,,missing minutes\n"
    )
    with writer(warehouse) as con:
        labels = gather_labels(con, 0, 7, csv)
    community = labels[labels["label_source"] == "community"].set_index("listing_id")
    assert sorted(community.index) == [FIRST, SECOND]
    assert community.loc[FIRST, "label_minutes"] == 12.5 and community.loc[SECOND, "label_minutes"] == 3
    assert set(community["weight"]) == {1.0}
    assert community["observed_minutes"].isna().all()  # the label never appears among the features


def test_community_file_problems_are_one_line_errors(warehouse, tmp_path):
    with writer(warehouse) as con:
        with pytest.raises(TaskrankError, match="community times file not found"):
            gather_labels(con, 0, 7, tmp_path / "nowhere.csv")
        bad = tmp_path / "bad.csv"
        bad.write_text("platform,id,mins\nmturk,x,3\n")
        with pytest.raises(TaskrankError, match=r"missing columns \['listing_id', 'minutes'\]"):
            gather_labels(con, 0, 7, bad)
