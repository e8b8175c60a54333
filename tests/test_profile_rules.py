"""Every filter a profile can set: one small hand-built test per rule, and tightening a rule never adds a listing."""

import json

import pyarrow as pa
import pytest
from conftest import OBSERVED_AT, PAGES, run_cli
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts import Profile
from ranking.profile_rules import MAX_MINUTES_REASON
from ranking.rank import RankingInputs, hidden_counts, rank_listings
from spiders.parsing import mturk, prolific, upwork
from spiders.records import Candidate, PageContext

FX = {"USD": 1.0, "GBP": 0.8}
FACTS = {"qualified": None, "devices": [], "client_payment_verified": None, "client_total_spent": None,
         "client_rating": None, "proposals_min": None}  # fmt: skip


def row(listing_id: str, **extra) -> dict:
    base = {
        "platform": "mturk", "listing_id": listing_id, "url": f"https://example.org/{listing_id}",
        "title": f"Task {listing_id}", "description": "", "requester_id": "R1", "requester_name": "Req",
        "category": None, "reward_amount": 1.0, "reward_currency": "USD", "screen_out_reward": None,
        "reward_max": None, "pay_basis": "per_task", "minutes": 10.0, "minutes_kind": "estimated",
        "title_minutes_hint": None, "description_minutes_hint": None,
        "observed_minutes": None, "places_available": 10, "requirements_count": 0,
        "countries": [], "flags": [], "source_mode": "snapshot", **FACTS,
    }  # fmt: skip
    return base | extra


def profile(**rules) -> Profile:
    return Profile(name="p", min_hourly_rate={"amount": 1, "currency": "USD"}, **rules)


def kept(rows: list[dict], prof: Profile, inputs: RankingInputs | None = None) -> set[str]:
    ranked = rank_listings(pa.Table.from_pylist(rows), prof, inputs or RankingInputs(FX), "r1")
    return set(ranked["listing_id"].to_pylist())


def test_qualified_only_hides_what_the_page_says_you_lack_and_keeps_the_unknown():
    rows = [row("yes", qualified=True), row("no", qualified=False), row("unknown")]
    assert kept(rows, profile()) == {"yes", "no", "unknown"}
    assert kept(rows, profile(qualified_only=True)) == {"yes", "unknown"}


def test_minimum_reward_is_in_the_profile_currency():
    rows = [row("usd", reward_amount=0.5), row("gbp", reward_amount=0.5, reward_currency="GBP"), row("hourly",
            reward_amount=0.1, pay_basis="per_hour", minutes=None, minutes_kind=None)]  # fmt: skip
    # 0.5 GBP is 0.625 USD; hourly pay is a rate, not a reward.
    assert kept(rows, profile(min_reward=0.6)) == {"gbp", "hourly"}


def test_maximum_minutes_reads_the_estimate_and_says_how_many_it_hid():
    rows = [row("short", minutes=5.0), row("long", minutes=30.0)]
    ranked = rank_listings(pa.Table.from_pylist(rows), profile(max_minutes=10), RankingInputs(FX), "r1")
    assert ranked["listing_id"].to_pylist() == ["short"]
    assert hidden_counts(ranked) == {MAX_MINUTES_REASON: 1}


def test_watched_requesters_are_marked_and_cannot_also_be_blocked():
    rows = [row("a", requester_id="FRIEND"), row("b")]
    ranked = rank_listings(pa.Table.from_pylist(rows), profile(watched_requesters=["FRIEND"]), RankingInputs(FX), "r")
    reasons = dict(zip(ranked["listing_id"].to_pylist(), ranked["reasons"].to_pylist(), strict=True))
    assert "watched requester" in reasons["a"] and "watched requester" not in reasons["b"]
    with pytest.raises(ValueError, match="both watched and blocked"):
        profile(watched_requesters=["X"], blocked_requesters=["X"])


def test_work_already_done_is_hidden_unless_asked_not_to():
    inputs = RankingInputs(FX, done=frozenset({("mturk", "done")}))
    rows = [row("done"), row("new"), row("done", platform="prolific")]
    assert kept(rows, profile(), inputs) == {"new", "done"}
    assert len(rank_listings(pa.Table.from_pylist(rows), profile(hide_done=False), inputs, "r")) == 3


def test_block_list_in_the_warehouse_hides_by_platform_and_requester():
    inputs = RankingInputs(FX, blocked={"p": frozenset({("mturk", "BAD")})})
    rows = [row("a", requester_id="BAD"), row("b", requester_id="BAD", platform="prolific"), row("c")]
    ranked = rank_listings(pa.Table.from_pylist(rows), profile(), inputs, "r1")
    assert set(ranked["listing_id"].to_pylist()) == {"b", "c"}
    assert hidden_counts(ranked) == {"hidden: blocked requester": 1}


def test_gig_board_client_rules_hide_only_what_the_page_states():
    rows = [
        row("good", client_payment_verified=True, client_total_spent=5000.0, client_rating=4.9, proposals_min=0),
        row("unverified", client_payment_verified=False),
        row("cheap", client_total_spent=100.0),
        row("rated", client_rating=3.5),
        row("crowded", proposals_min=20),
        row("unknown"),
    ]
    rules = {"client_payment_verified": True, "min_client_spend": 1000, "min_client_rating": 4.5, "max_proposals": 10}
    assert kept(rows, profile(**rules)) == {"good", "unknown"}
    for name, value in rules.items():
        assert len(kept(rows, profile(**{name: value}))) == 5


def test_devices_keep_studies_that_run_on_one_of_yours():
    rows = [row("desk", devices=["desktop"]), row("phone", devices=["mobile", "tablet"]), row("any")]
    assert kept(rows, profile(devices=["mobile"])) == {"phone", "any"}


def test_every_rule_is_validated_with_a_clear_error():
    with pytest.raises(ValueError, match="devices"):
        profile(devices=["smartwatch"])
    with pytest.raises(ValueError, match="max_minutes"):
        profile(max_minutes=0)


TIGHTER = {
    "qualified_only": (False, True),
    "min_reward": (None, 1.0),
    "max_minutes": (None, 8.0),
    "client_payment_verified": (False, True),
    "min_client_spend": (None, 500),
    "min_client_rating": (None, 4.0),
    "max_proposals": (None, 10),
    "devices": ([], ["mobile"]),
    "exclude_keywords": ([], ["survey"]),
    "platforms": ([], ["mturk"]),
}
facts = st.fixed_dictionaries({
    "platform": st.sampled_from(["mturk", "prolific", "upwork"]),
    "reward_amount": st.floats(0.01, 5), "minutes": st.floats(1, 30),
    "title": st.sampled_from(["Quick survey", "Tag images", "Write"]),
    "qualified": st.none() | st.booleans(), "client_payment_verified": st.none() | st.booleans(),
    "client_total_spent": st.none() | st.floats(0, 2000), "client_rating": st.none() | st.floats(0, 5),
    "proposals_min": st.none() | st.integers(0, 50),
    "devices": st.lists(st.sampled_from(["desktop", "mobile", "tablet"]), unique=True, max_size=2),
})  # fmt: skip


@settings(deadline=None)
@given(listings=st.lists(facts, min_size=1, max_size=12), rule=st.sampled_from(sorted(TIGHTER)))
def test_tightening_any_rule_never_adds_a_listing(listings, rule):
    rows = [row(f"l{i}", **values) for i, values in enumerate(listings)]
    loose, tight = TIGHTER[rule]
    assert kept(rows, profile(**{rule: tight})) <= kept(rows, profile(**{rule: loose}))


CTX = PageContext(run_id="r", observed_at=OBSERVED_AT, source_mode="snapshot", page_url="file:///p")


def fields(parser, path) -> list[dict]:
    page = parser.parse_page(path.read_text(encoding="utf-8"), CTX)
    return [r.fields for r in page.records if isinstance(r, Candidate)]


def test_spiders_keep_the_facts_rules_read():
    assert {f["qualified"] for f in fields(mturk, PAGES / "mturk" / "page-1.json")} == {True}
    studies = fields(prolific, PAGES / "prolific" / "current.json")
    assert all(f["qualified"] is True for f in studies) and any(f["devices"] for f in studies)
    jobs = {f["listing_id"]: f for f in fields(upwork, PAGES / "upwork" / "search-page-1.html")}
    first = jobs["1790000000000000001"]
    assert (first["client_payment_verified"], first["client_total_spent"], first["client_rating"]) == (
        True,
        1200.0,
        4.8,
    )
    assert first["proposals_min"] == 5 and jobs["1790000000000000002"]["client_payment_verified"] is False


def test_block_list_round_trip_through_a_fresh_warehouse(tmp_path):
    source = tmp_path / "list.csv"
    source.write_text("platform,requester_id,requester_name,reason\nmturk,A1,Slow Co,never pays\nprolific,P2,,\n")
    first, second = ({"TASKRANK_DATA_DIR": str(tmp_path / name)} for name in ("one", "two"))
    assert run_cli("blocklist", "import", str(source), "--profile", "demo", env=first).returncode == 0
    exported = run_cli("blocklist", "export", "--profile", "demo", "--format", "json", env=first)
    (tmp_path / "exported.json").write_text(exported.stdout)
    assert (
        run_cli("blocklist", "import", str(tmp_path / "exported.json"), "--profile", "demo", env=second).returncode == 0
    )
    again = run_cli("blocklist", "export", "--profile", "demo", "--format", "json", env=second)
    assert json.loads(again.stdout) == json.loads(exported.stdout)
    assert [r["requester_id"] for r in json.loads(again.stdout)] == ["A1", "P2"]
    removed = run_cli("blocklist", "remove", "A1", "--profile", "demo", env=second)
    assert removed.returncode == 0
    left = json.loads(run_cli("blocklist", "export", "--profile", "demo", "--format", "json", env=second).stdout)
    assert [r["requester_id"] for r in left] == ["P2"]
    gone = run_cli("blocklist", "remove", "A1", "--profile", "demo", env=second)
    assert gone.returncode == 1 and "not on demo's block list" in gone.stderr
