import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contracts import Profile
from ranking.currency import MissingRate
from ranking.priors import (
    OFFERED_RATE_USD,
    REJECTION_RATE,
    RETURN_RATE,
    RETURNED_TIME_SHARE,
    SEARCH_OVERHEAD,
    SECONDS_PER_QUESTION,
)
from ranking.profile_rules import keyword_pattern
from ranking.rank import RankingInputs, hidden_counts, not_ranked, rank_listings

FX = {"USD": 1.0, "GBP": 0.8, "EUR": 0.9}
# With no work log, a plain task's expected rate is its nominal rate times this (the documented priors).
PLAIN = (1 - RETURN_RATE) * (1 - REJECTION_RATE) / ((1 - RETURN_RATE * RETURNED_TIME_SHARE) * (1 + SEARCH_OVERHEAD))


def row(listing_id: str, reward: float, minutes: float | None = 10.0, **extra) -> dict:
    base = {
        "platform": "mturk", "listing_id": listing_id, "url": f"https://example.org/{listing_id}",
        "title": f"Task {listing_id}", "description": "", "requester_id": "R1", "requester_name": "Req",
        "category": None, "reward_amount": reward, "reward_currency": "USD", "screen_out_reward": None,
        "reward_max": None,
        "pay_basis": "per_task",
        "minutes": minutes, "minutes_kind": "estimated" if minutes else None, "title_minutes_hint": None,
        "observed_minutes": None, "places_available": 10, "requirements_count": 0, "countries": [], "flags": [],
        "source_mode": "snapshot",
    }  # fmt: skip
    base.update(extra)
    return base


def table(*rows: dict) -> pa.Table:
    return pa.Table.from_pylist(list(rows))


def profile(**extra) -> Profile:
    minimum = {"amount": extra.pop("minimum", 6), "currency": extra.pop("currency", "USD")}
    return Profile(name="p", min_hourly_rate=minimum, **extra)


def ranked(rows, prof=None, inputs=None) -> list[dict]:
    ranked_rows = rank_listings(table(*rows), prof or profile(), inputs or RankingInputs(FX), "r1").to_pylist()
    return sorted(ranked_rows, key=lambda r: r["rank"])


def test_rate_is_reward_over_minutes_per_hour_best_first():
    out = ranked([row("a", 1.0, 10), row("b", 1.0, 5), row("c", 0.5, 10)])
    assert [(r["listing_id"], round(r["rate_per_hour"] / PLAIN, 6), r["rank"]) for r in out] == [
        ("b", 12.0, 1), ("a", 6.0, 2), ("c", 3.0, 3)
    ]  # fmt: skip


def test_below_minimum_is_kept_and_marked():
    out = ranked([row("a", 1.0, 10), row("c", 0.5, 10)], profile(minimum=round(5 * PLAIN, 2)))
    assert [r["below_minimum"] for r in out] == [False, True]
    assert f"below your minimum of {round(5 * PLAIN, 2):g} USD/h" in out[1]["reasons"]


def test_an_allowance_is_timed_by_what_the_reward_buys_capped_by_the_allowance_and_a_hint_wins():
    out = ranked([
        row("allow", 1.0, 60, minutes_kind="max_allowed"),
        row("short", 1.0, 5, minutes_kind="max_allowed"),
        row("hint", 1.0, 60, minutes_kind="max_allowed", title_minutes_hint=5.0),
    ])  # fmt: skip
    by_id = {r["listing_id"]: r for r in out}
    assert by_id["allow"]["weak_estimate"] is True
    assert by_id["allow"]["minutes_source"] == "time implied by reward"
    assert by_id["allow"]["minutes_used"] == pytest.approx(60 / OFFERED_RATE_USD)
    assert by_id["allow"]["minutes_p90"] <= 60 and by_id["short"]["minutes_used"] == by_id["short"]["minutes_p90"] == 5
    assert by_id["hint"]["minutes_used"] == 5.0 and by_id["hint"]["weak_estimate"] is False
    assert by_id["hint"]["reasons"][0] == "time from title hint"


def test_a_gig_timed_only_by_its_description_is_weak_with_a_wide_band():
    gig = row("gig", 400.0, None, platform="upwork", title_minutes_hint=300.0)
    stated = row("stated", 10.0, 60)
    by_id = {r["listing_id"]: r for r in ranked([gig, stated])}
    assert by_id["gig"]["minutes_source"] == "time from description hint only" and by_id["gig"]["weak_estimate"]
    assert "weak time estimate" in by_id["gig"]["reasons"]
    ratio = lambda r: r["rate_high"] / r["rate_low"]  # noqa: E731
    assert ratio(by_id["gig"]) > 2 * ratio(by_id["stated"])


def test_questions_time_a_listing_that_states_nothing_else():
    out = ranked([row("q", 1.0, None, description="Answer 30 questions about your day")])
    assert out[0]["minutes_used"] == pytest.approx(30 * SECONDS_PER_QUESTION / 60)
    assert out[0]["minutes_source"] == "time from question count"


def test_observed_average_beats_the_estimate():
    out = ranked([row("a", 1.0, 10, observed_minutes=20.0)])
    assert out[0]["rate_per_hour"] == pytest.approx(3.0 * PLAIN)
    assert out[0]["minutes_source"] == "observed average"


def test_audio_length_is_converted_to_working_minutes():
    out = ranked([row("a", 1.0, 5, minutes_kind="audio_length")])
    assert out[0]["minutes_used"] == 20.0
    assert out[0]["weak_estimate"] is True


def test_hourly_listings_use_their_stated_rate():
    out = ranked([row("h", 15.0, None, pay_basis="per_hour")])
    assert out[0]["rate_per_hour"] == pytest.approx(15.0 * (1 - REJECTION_RATE) / (1 + SEARCH_OVERHEAD))
    assert out[0]["rate_low"] == out[0]["rate_high"] == out[0]["rate_per_hour"]


def test_rates_are_converted_into_the_profile_currency():
    out = ranked([row("a", 1.0, 10, reward_currency="GBP")], profile(currency="EUR"))
    assert out[0]["rate_per_hour"] == pytest.approx(6.0 / 0.8 * 0.9 * PLAIN, abs=0.01)
    assert out[0]["rate_currency"] == "EUR"


def test_a_listing_whose_currency_has_no_rate_is_not_ranked_and_counted_by_currency():
    rows = [row("x", 100.0, 1, reward_currency="JPY"), row("y", 5.0, 1, reward_currency="AUD"), row("a", 0.1, 10)]
    out = rank_listings(table(*rows), profile(), RankingInputs(FX), "r1")
    assert out.column("listing_id").to_pylist() == ["a"]
    assert not_ranked(hidden_counts(out)) == {
        "not ranked: no exchange rate for AUD; add it under [fx] in the config": 1,
        "not ranked: no exchange rate for JPY; add it under [fx] in the config": 1,
    }


def test_profile_currency_without_a_rate_is_an_error():
    with pytest.raises(MissingRate, match="CHF"):
        ranked([row("a", 1.0)], profile(currency="CHF"))


def test_profile_rules_filter_platforms_keywords_requesters_flags_and_country():
    rows = [
        row("keep", 1.0),
        row("other-platform", 5.0, platform="prolific"),
        row("excluded", 5.0, title="Transcription of audio"),
        row("blocked", 5.0, requester_id="BAD"),
        row("flagged", 5.0, flags=["upfront_fee"]),
        row("us-only", 5.0, countries=["US"]),
        row("gb-ok", 2.0, countries=["GB", "IE"]),
    ]
    prof = profile(platforms=["mturk"], exclude_keywords=["transcri*"], blocked_requesters=["BAD"],
                   exclude_flags=["upfront_fee"], country="GB")  # fmt: skip
    assert sorted(r["listing_id"] for r in ranked(rows, prof)) == ["gb-ok", "keep"]


def test_include_keywords_keep_only_matches():
    rows = [row("s", 1.0, title="Short survey"), row("l", 1.0, title="Label images")]
    assert [r["listing_id"] for r in ranked(rows, profile(include_keywords=["surv?y"]))] == ["s"]


def test_keyword_wildcards():
    pattern = keyword_pattern(["transcri*", "data entry"])
    assert pattern.search("Audio TRANSCRIPTION task")
    assert pattern.search("simple data entry")
    assert not pattern.search("prescribed")


@settings(max_examples=60, deadline=None)
@given(
    rewards=st.lists(st.floats(min_value=0.01, max_value=50), min_size=2, max_size=8),
    minutes=st.floats(min_value=0.5, max_value=120),
    bump=st.floats(min_value=0.01, max_value=10),
)
def test_more_pay_for_the_same_time_never_ranks_lower(rewards, minutes, bump):
    rows = [row(f"l{i}", r, minutes) for i, r in enumerate(rewards)]
    rows.append(row("richer", rewards[0] + bump, minutes))
    out = {r["listing_id"]: r["rank"] for r in ranked(rows)}
    assert out["richer"] < out["l0"]
