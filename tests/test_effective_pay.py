"""Unpaid time, reputation, personal speed and risk flags, each on small hand-built cases."""

import numpy as np
import pandas as pd
import pytest
from test_ranking import FX, PLAIN, profile, ranked, row

from ranking.calibration import speed_factors
from ranking.effective_pay import rates_of
from ranking.priors import PSEUDO_COUNT, SEARCH_OVERHEAD, SURVEY_WALL
from ranking.rank import RankingInputs
from ranking.reputation import build_reputation, shrunk_rate


def risks(p_screen=0.0, screen_minutes=0.0, p_return=0.0, p_reject=0.0) -> pd.DataFrame:
    return pd.DataFrame({"p_screen_out": [p_screen], "screen_out_minutes": [screen_minutes], "p_return": [p_return],
                         "p_reject": [p_reject], "logged_tasks": [0.0]})  # fmt: skip


def band(p10, p50, p90) -> pd.DataFrame:
    return pd.DataFrame({"minutes_p10": [p10], "minutes_used": [p50], "minutes_p90": [p90]})


def rates(amount=1.0, screen_pay=0.0, minutes=(5.0, 10.0, 20.0), minimum=4.0, **risk) -> dict:
    out = rates_of(np.array([amount]), np.array([np.nan]), np.array([screen_pay]), np.array([False]),
                   band(*minutes), risks(**risk))  # fmt: skip
    columns = ("rate_per_hour", "rate_low", "rate_high", "p_paid")
    return {name: getattr(out, name)[0] for name in columns} | {"p_above_minimum": out.p_above(minimum)[0]}


def test_no_risk_rate_is_reward_over_minutes_with_search_overhead():
    out = rates()
    assert out["rate_per_hour"] == pytest.approx(6.0 / (1 + SEARCH_OVERHEAD))
    assert out["rate_low"] == pytest.approx(3.0 / (1 + SEARCH_OVERHEAD))
    assert out["rate_high"] == pytest.approx(12.0 / (1 + SEARCH_OVERHEAD))


def test_screen_outs_cost_time_and_pay_their_consolation():
    # Half the attempts screen out after 2 minutes and pay 0.10: pay 0.5·1 + 0.5·0.1, time 0.5·10 + 0.5·2.
    out = rates(p_screen=0.5, screen_minutes=2.0, screen_pay=0.10)
    assert out["rate_per_hour"] == pytest.approx(0.55 * 60 / 6.0 / (1 + SEARCH_OVERHEAD))
    assert out["p_paid"] == pytest.approx(0.5)


def test_probability_above_minimum_is_one_half_at_break_even():
    at_median = 6.0 / (1 + SEARCH_OVERHEAD)
    assert rates(minimum=at_median)["p_above_minimum"] == pytest.approx(0.5)
    assert rates(minimum=at_median / 3)["p_above_minimum"] > 0.9
    assert rates(minimum=at_median * 3)["p_above_minimum"] < 0.1


def test_survey_walls_carry_a_screen_out_risk_reason_and_rank_below_the_same_task_elsewhere():
    out = ranked([row("wall", 1.0, 10, platform="swagbucks"), row("task", 1.0, 10)])
    assert [r["listing_id"] for r in out] == ["task", "wall"]
    assert "screen-out risk" in out[1]["reasons"]
    assert out[1]["p_paid"] == pytest.approx((1 - SURVEY_WALL.probability) * out[0]["p_paid"])


def test_shrunk_rate_pulls_small_samples_to_the_prior_and_bounds_pessimistically():
    mean, bound = shrunk_rate(np.array([1.0, 50.0]), np.array([1.0, 100.0]), np.array([0.1, 0.1]))
    assert mean[0] == pytest.approx((1 + PSEUDO_COUNT * 0.1) / (1 + PSEUDO_COUNT))
    assert mean[1] == pytest.approx((50 + 0.5) / 105)
    assert (bound > mean).all()


def test_requester_who_rejects_often_is_ranked_lower_with_the_reason():
    log = pd.DataFrame({"platform": "mturk", "requester_id": ["HARSH"] * 10 + ["FAIR"] * 10, "minutes": 5.0,
                        "status": ["rejected"] * 6 + ["approved"] * 4 + ["approved"] * 10})  # fmt: skip
    inputs = RankingInputs(FX, reputation=build_reputation(log))
    out = ranked([row("harsh", 1.0, 10, requester_id="HARSH"), row("fair", 1.0, 10, requester_id="FAIR")],
                 inputs=inputs)  # fmt: skip
    assert [r["listing_id"] for r in out] == ["fair", "harsh"]
    assert "requester rejects often" in out[1]["reasons"]
    assert "requester rejects often" not in out[0]["reasons"]


def test_logged_screen_outs_raise_a_platform_risk():
    log = pd.DataFrame({"platform": "prolific", "requester_id": None, "minutes": 3.0,
                        "status": ["screened_out"] * 8 + ["approved"] * 2})  # fmt: skip
    out = ranked([row("s", 1.0, 10, platform="prolific")], inputs=RankingInputs(FX, reputation=build_reputation(log)))
    assert "screen-out risk" in out[0]["reasons"]


def test_personal_speed_factor_is_per_platform_and_shrunk_toward_one():
    speed = speed_factors(np.array(["mturk"] * 3 + ["prolific"]), np.array([20.0, 20.0, 20.0, 5.0]),
                          np.array([10.0, 10.0, 10.0, 10.0]))  # fmt: skip
    factor, n = speed["mturk"]
    assert n == 3 and speed["prolific"][1] == 1
    assert factor == pytest.approx(np.exp(3 * np.log(2) / (3 + PSEUDO_COUNT)))
    rows = [row("a", 1.0, 10), row("p", 1.0, 10, platform="prolific"), row("s", 1.0, 10, platform="toloka")]
    out = {r["listing_id"]: r for r in ranked(rows, inputs=RankingInputs(FX, speed=speed))}
    assert out["a"]["minutes_used"] == pytest.approx(10 * factor)
    assert out["p"]["minutes_used"] == pytest.approx(10 * speed["prolific"][0])
    assert out["s"]["minutes_used"] == pytest.approx(10)
    assert f"your speed on mturk ×{factor:.2f}, from 3 of your tasks" in out["a"]["reasons"]
    assert not any("your speed" in reason for reason in out["s"]["reasons"])


def test_a_fixed_length_interview_keeps_its_length_whatever_the_speed():
    speed = {"respondent": (2.3, 4), "mturk": (2.3, 4)}
    rows = [row("interview", 150.0, 15, platform="respondent"), row("call", 5.0, 30, title="30 minute phone call")]
    out = {r["listing_id"]: r for r in ranked(rows, inputs=RankingInputs(FX, speed=speed))}
    assert out["interview"]["minutes_used"] == pytest.approx(15)
    assert out["call"]["minutes_used"] == pytest.approx(30)
    assert "fixed length: your speed on respondent not applied" in out["interview"]["reasons"]


def test_risk_flags_demote_with_the_reason_or_exclude_when_the_profile_says_so():
    rows = [row("fee", 5.0, 10, flags=["upfront_fee"]), row("plain", 1.0, 10)]
    out = ranked(rows)
    assert [r["listing_id"] for r in out] == ["plain", "fee"]
    assert out[1]["demoted"] and "demoted: asks for an upfront fee" in out[1]["reasons"]
    assert [r["listing_id"] for r in ranked(rows, profile(exclude_flags=["upfront_fee"]))] == ["plain"]


def test_every_row_has_band_probability_and_reasons():
    out = ranked([row("a", 1.0, 10), row("b", 0.2, 30, minutes_kind="max_allowed")])
    for r in out:
        assert r["rate_low"] <= r["rate_per_hour"] <= r["rate_high"]
        assert 0.0 <= r["p_above_minimum"] <= 1.0
        assert r["reasons"]
    assert out[0]["rate_per_hour"] == pytest.approx(6.0 * PLAIN)
