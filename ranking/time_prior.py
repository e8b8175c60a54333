"""The prior: working minutes with a p10–p90 band from what a listing states, read with published figures.

This is what ranks listings when there are too few labels to train on, and the baseline the model must beat.
Every figure comes from `ranking/priors.py`, where each one cites its source.
"""

import numpy as np
import pandas as pd

from ranking.features import question_counts
from ranking.priors import (
    ALLOWANCE_TO_WORK_RATIO,
    AUDIO_WORK_FACTOR,
    OFFERED_RATE_USD,
    SECONDS_PER_QUESTION,
    TIME_SPREAD,
    Z90,
)

SOURCES = np.array(
    [
        "rate card, not a listing",
        "hourly rate",
        "observed average",
        "time from title hint",
        "time from description hint only",
        "time implied by reward",
        "maximum allowed time ÷ typical ratio",
        "audio length × 4",
        "stated estimate",
        "time from question count",
        "no stated time",
    ],
    dtype=object,
)
# The band's σ (log minutes) per source, in SOURCES order; hourly rows need no time.
_SPREADS = np.array(
    [np.nan, np.nan, TIME_SPREAD["observed"], TIME_SPREAD["hint"], TIME_SPREAD["hint_only"],
     TIME_SPREAD["reward"], TIME_SPREAD["allowance"], TIME_SPREAD["audio"], TIME_SPREAD["estimate"],
     TIME_SPREAD["questions"], np.nan]
)  # fmt: skip
# Time sources that are weak: nothing the listing says about this task's own length.
_WEAK = np.isin(
    SOURCES,
    ["time from description hint only", "time implied by reward", "maximum allowed time ÷ typical ratio",
     "audio length × 4", "time from question count"],
)  # fmt: skip


def prior_minutes(
    listings: pd.DataFrame, per_usd: dict[str, float], band_scale: float | np.ndarray = 1.0
) -> pd.DataFrame:
    """Columns minutes_p10, minutes_used (p50), minutes_p90, minutes_source, weak_estimate for every row.

    Preference: the platform's observed average, the requester's own hint, then the stated time by its meaning.
    A maximum allowance is not an estimate: the time is what the reward buys at the rate requesters typically
    pay, never more than the allowance. `band_scale` multiplies the band's width (calibration on real labels).
    """
    stated = listings["minutes"].to_numpy(dtype=float)
    observed = listings["observed_minutes"].to_numpy(dtype=float)
    hint = listings["title_minutes_hint"].to_numpy(dtype=float)
    max_allowed, audio, estimated = _equals(listings["minutes_kind"], "max_allowed", "audio_length", "estimated")
    (hourly,) = _equals(listings["pay_basis"], "per_hour")
    (rate_card,) = _equals(listings["source_mode"], "catalog")
    usd = listings["reward_amount"].to_numpy(dtype=float) / listings["reward_currency"].map(per_usd).to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        by_reward = np.minimum(usd * 60 / OFFERED_RATE_USD, stated)
    has = {name: ~np.isnan(v) for name, v in (("observed", observed), ("hint", hint), ("stated", stated))}
    questions = np.full(len(listings), np.nan)
    timeless = ~(hourly | has["observed"] | has["hint"] | has["stated"])
    if timeless.any():
        text = listings["title"].fillna("") + " " + listings["description"].fillna("")
        questions[timeless] = question_counts(text[timeless]) * SECONDS_PER_QUESTION / 60
    reward_known = max_allowed & (by_reward > 0)
    # Chosen as indexes into SOURCES: string arrays of a million rows cost more than the arithmetic.
    chosen = np.select(
        [
            hourly & rate_card,
            hourly,
            has["observed"],
            has["hint"] & has["stated"],
            has["hint"],
            reward_known,
            max_allowed,
            audio,
            estimated,
            ~np.isnan(questions),
        ],
        np.arange(10),
        10,
    )
    p50 = np.select(
        [chosen == 2, (chosen == 3) | (chosen == 4), chosen == 5, chosen == 6, chosen == 7, chosen == 8, chosen == 9],
        [observed, hint, by_reward, stated / ALLOWANCE_TO_WORK_RATIO, stated * AUDIO_WORK_FACTOR, stated, questions],
        np.nan,
    )
    half = Z90 * _SPREADS[chosen] * band_scale
    p10, p90 = p50 * np.exp(-half), p50 * np.exp(half)
    # Work never outlasts its allowance; a measured average is kept as measured.
    capped = max_allowed & ~has["observed"]
    p50, p90 = np.where(capped, np.fmin(p50, stated), p50), np.where(capped, np.fmin(p90, stated), p90)
    return pd.DataFrame(
        {
            "minutes_p10": p10,
            "minutes_used": p50,
            "minutes_p90": p90,
            "minutes_source": SOURCES[chosen],
            "weak_estimate": _WEAK[chosen],
        },
        index=listings.index,
    )


def _equals(column: pd.Series, *values: str) -> list[np.ndarray]:
    """column == value for each value, missing read as "", compared once per distinct value rather than per row."""
    codes, uniques = pd.factorize(column)
    names = np.append(np.asarray(uniques, dtype=object), "")
    return [(names == value)[codes] for value in values]
