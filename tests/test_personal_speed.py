"""A person's own history, per platform: a Prolific submissions export (SYNTHETIC) read into the work log, and the
speed it shows applied to that platform's listings only, never to fixed-length work."""

import pyarrow as pa
import pytest
from conftest import OBSERVED_AT, PAGES, SYNTHETIC

from contracts import Profile
from contracts.landing import run_folder
from ranking.calibration import speed_factors
from ranking.rank import RankingInputs, rank_listings
from ranking.time_estimate import estimate_minutes
from taskrank.crawling import crawl
from taskrank.work_log_csv import read_work_log
from warehouse import queries
from warehouse.connection import writer
from warehouse.load import load_run
from warehouse.work_log import import_entries

EXPORT = SYNTHETIC / "work_log" / "prolific_submissions.csv"
PROFILE = Profile(name="me", min_hourly_rate={"amount": 6, "currency": "GBP"})


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> object:
    root = tmp_path_factory.mktemp("speed")
    for platform in ("prolific", "mturk"):
        crawl(platform, run_folder(root / "landing", "r1").path / f"{platform}.jsonl", snapshot=PAGES / platform,
              run_id="r1", observed_at=OBSERVED_AT)  # fmt: skip
    path = root / "w.duckdb"
    with writer(path) as con:
        load_run(con, root / "landing", "r1")
        queries.replace_fx_rates(con, {"USD": 1.0, "GBP": 0.79, "EUR": 0.92, "CAD": 1.37}, OBSERVED_AT.date())
    return path


def test_a_prolific_export_reads_money_times_and_statuses_and_names_its_bad_row():
    entries, problems = read_work_log(EXPORT)
    assert problems == [(6, "Reward 'two pounds': not an amount with its currency, like £2.67 or $7.50")]
    first = entries[0]
    assert (first.platform, first.title, first.minutes, first.currency) == (
        "prolific", "Attitudes to commuting (synthetic)", 27.0, "GBP")  # fmt: skip
    assert (float(first.earned), float(first.bonus), first.started_at.tzinfo is not None) == (2.25, 0.5, True)
    assert [(e.currency, e.status) for e in entries[1:]] == [
        ("GBP", "approved"), ("USD", "approved"), ("CAD", "returned"), ("GBP", "returned")]  # fmt: skip


def test_the_imported_speed_moves_only_prolific_listings(warehouse):
    entries, _ = read_work_log(EXPORT)
    with writer(warehouse) as con:
        assert import_entries(con, entries, EXPORT.name) == 5
        per_usd = queries.fx_rates(con)
        logged = queries.logged_listings(con).to_pandas()
        listings = queries.open_listings(con)
    # Two studies the crawl saw match by title; the others are in the log but cannot say how fast this person is.
    assert sorted(logged["title"]) == ["Attitudes to commuting (synthetic)", "Reaction time game (synthetic)"]
    estimate = estimate_minutes(logged, per_usd, None, None)
    speed = speed_factors(logged["platform"].to_numpy(), logged["logged_minutes"].to_numpy(),
                          estimate["minutes_used"].to_numpy())  # fmt: skip
    assert list(speed) == ["prolific"] and speed["prolific"][1] == 2 and speed["prolific"][0] > 1
    plain = {(r["platform"], r["listing_id"]): r for r in rank_listings(
        listings, PROFILE, RankingInputs(per_usd), "r").to_pylist()}  # fmt: skip
    mine = {(r["platform"], r["listing_id"]): r for r in rank_listings(
        listings, PROFILE, RankingInputs(per_usd, speed=speed), "r").to_pylist()}  # fmt: skip
    assert {key[0] for key in mine} >= {"prolific", "mturk"}
    for key, row in mine.items():
        if key[0] == "prolific":
            assert row["minutes_used"] == pytest.approx(plain[key]["minutes_used"] * speed["prolific"][0])
            assert f"your speed on prolific ×{speed['prolific'][0]:.2f}, from 2 of your tasks" in row["reasons"]
        else:
            assert row["minutes_used"] == pytest.approx(plain[key]["minutes_used"])
            assert not any("your speed" in reason for reason in row["reasons"])


def test_a_fixed_length_interview_keeps_its_length():
    listing = {"platform": "respondent", "listing_id": "i1", "url": "https://example.org/i1",
               "title": "Interview about budgeting apps", "description": "", "requester_id": None,
               "requester_name": None, "category": None, "reward_amount": 150.0, "reward_currency": "USD",
               "screen_out_reward": None, "reward_max": None, "pay_basis": "per_task", "minutes": 15.0,
               "minutes_kind": "estimated", "title_minutes_hint": None, "description_minutes_hint": 12.5,
               "observed_minutes": None, "places_available": 4, "requirements_count": 0, "countries": [],
               "flags": [], "source_mode": "snapshot"}  # fmt: skip
    profile = Profile(name="me", min_hourly_rate={"amount": 12, "currency": "USD"}, max_minutes=20)
    inputs = RankingInputs({"USD": 1.0}, speed={"respondent": (2.3, 4)})
    out = rank_listings(pa.Table.from_pylist([listing]), profile, inputs, "r").to_pylist()
    assert len(out) == 1 and out[0]["minutes_used"] == 15
