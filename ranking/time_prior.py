"""The prior: working minutes with a p10–p90 band from what a listing states, read with published figures.

This is what ranks listings when there are too few labels to train on, and the baseline the model must beat.
Every figure comes from `ranking/priors.py`, where each one cites its source.
"""

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ranking.features import question_counts
from ranking.priors import (
    ALLOWANCE_ELASTICITY,
    ALLOWANCE_TO_WORK_RATIO,
    AUDIO_WORK_FACTOR,
    IMPLAUSIBLE_Z,
    KIND_LOG_FACTORS,
    OFFERED_RATE_USD,
    REFERENCE_ALLOWANCE_MINUTES,
    REFERENCE_REWARD_USD,
    REWARD_ELASTICITY,
    SECONDS_PER_ITEM,
    SECONDS_PER_QUESTION,
    SHORTEST_MINUTES,
    TIME_SPREAD,
    Z90,
)

SOURCES = np.array(
    [
        "rate card, not a listing",
        "hourly rate",
        "observed average",
        "stated estimate",
        "stated estimate, kept over a different time in the text",
        "time from title hint",
        "time from description hint",
        "time hint implausible for its pay: timed by the reward, band reaching the hint",
        "time from reward and allowance",
        "time from reward, allowance and item count",
        "maximum allowed time ÷ typical ratio",
        "audio length × 4",
        "time from question count",
        "no stated time",
    ],
    dtype=object,
)
# The band's σ (log minutes) per source, in SOURCES order; hourly rows need no time; implausible hints get theirs.
_SPREADS = np.array(
    [np.nan, np.nan, TIME_SPREAD["observed"], TIME_SPREAD["estimate"], TIME_SPREAD["estimate"], TIME_SPREAD["hint"],
     TIME_SPREAD["description_hint"], TIME_SPREAD["reward"], TIME_SPREAD["reward"], TIME_SPREAD["reward"],
     TIME_SPREAD["allowance"], TIME_SPREAD["audio"], TIME_SPREAD["questions"], np.nan]
)  # fmt: skip
# Time sources that are weak: nothing the listing says about this task's own length.
_WEAK = np.isin(
    SOURCES,
    ["time from description hint", "time hint implausible for its pay: timed by the reward, band reaching the hint",
     "time from reward and allowance", "time from reward, allowance and item count",
     "maximum allowed time ÷ typical ratio", "audio length × 4", "time from question count"],
)  # fmt: skip
# A hint this far (log) from the platform's stated estimate is a different figure, named in the reason.
_DIFFERENT = np.log(1.25)
# RE2 (Arrow): kinds of work from a listing's words, and a stated number of items to work through.
_KINDS = {
    "writing": r"(?i)\b(?:describe|write|writing|essay|summari[sz]e|rewrite|paraphrase|compose)\b",
    "recording": r"(?i)\b(?:record|recording|film|selfie|read aloud)\b",
    "selection": r"(?i)\b(?:select|classify|categori[sz]e|yes or no|true or false)\b",
}
_ITEMS = (
    r"(?i)(?P<n>\b\d{1,4})\s+(?:\w+\s+){0,2}?(?:items?|images?|photos?|pictures?|screenshots?|sentences?|texts?|"
    r"tweets?|posts?|receipts?|documents?|prompts?|responses?|prompt-responses?|pairs?|statements?|videos?|clips?|"
    r"recordings?|products?|websites?|links?)\b"
)


def prior_minutes(
    listings: pd.DataFrame, per_usd: dict[str, float], band_scale: float | np.ndarray = 1.0
) -> pd.DataFrame:
    """Columns minutes_p10, minutes_used (p50), minutes_p90, minutes_source, weak_estimate for every row.

    Preference: the platform's observed average, its stated estimate, the requester's hint in the title, then in the
    description; a hint far from anything its pay could buy is not taken as is: the reward line times the task and
    the band reaches down to the hint.
    A maximum allowance is not an estimate: with no hint, the time is what the reward buys on the line fitted to
    real working times (reward, allowance, kind of work, counted items), never more than the allowance.
    `band_scale` multiplies the band's width (calibration on real labels).
    """
    n = len(listings)
    stated = listings["minutes"].to_numpy(dtype=float)
    observed = listings["observed_minutes"].to_numpy(dtype=float)
    title_hint = listings["title_minutes_hint"].to_numpy(dtype=float)
    description_hint = listings["description_minutes_hint"].to_numpy(dtype=float)
    max_allowed, audio, estimated = _equals(listings["minutes_kind"], "max_allowed", "audio_length", "estimated")
    (hourly,) = _equals(listings["pay_basis"], "per_hour")
    (rate_card,) = _equals(listings["source_mode"], "catalog")
    usd = listings["reward_amount"].to_numpy(dtype=float) / listings["reward_currency"].map(per_usd).to_numpy(float)
    has_title, has_description = ~np.isnan(title_hint), ~np.isnan(description_hint)
    hint = np.where(has_title, title_hint, description_hint)
    has_hint = has_title | has_description
    allowance = np.where(max_allowed, stated, np.nan)
    line = _reward_line(usd, allowance)
    hint_spread = np.where(has_title, TIME_SPREAD["hint"], TIME_SPREAD["description_hint"])
    with np.errstate(divide="ignore", invalid="ignore"):
        distance = np.abs(np.log(hint) - np.log(line))
    implausible = has_hint & (distance > IMPLAUSIBLE_Z * np.hypot(hint_spread, TIME_SPREAD["reward"]))
    timeless = ~(hourly | ~np.isnan(observed) | has_hint | ~np.isnan(stated))
    text = None
    if timeless.any() or (max_allowed & ~has_hint).any():
        text = pa.array(listings["title"].fillna("") + " " + listings["description"].fillna(""), type=pa.string())
    questions = np.full(n, np.nan)
    if timeless.any():
        questions[timeless] = question_counts(text.filter(pa.array(timeless)).to_pandas()) * SECONDS_PER_QUESTION / 60
    by_line = max_allowed & (line > 0) & ~has_hint
    by_items = np.full(n, np.nan)
    if by_line.any():
        line[by_line] *= _kind_factors(text.filter(pa.array(by_line)))
        by_items[by_line] = _item_minutes(text.filter(pa.array(by_line)))
    with np.errstate(divide="ignore", invalid="ignore"):
        items_capped = np.minimum(by_items, allowance)
        counted = by_line & ~np.isnan(items_capped)
        line = np.where(counted, np.sqrt(line * items_capped), line)
        stated_differs = estimated & has_hint & (np.abs(np.log(hint) - np.log(stated)) > _DIFFERENT)
    # Chosen as indexes into SOURCES: string arrays of a million rows cost more than the arithmetic.
    chosen = np.select(
        [
            hourly & rate_card,
            hourly,
            ~np.isnan(observed),
            stated_differs,
            estimated,
            has_hint & implausible & (line > 0),
            has_title,
            has_description,
            counted,
            by_line,
            max_allowed,
            audio,
            ~np.isnan(questions),
        ],
        [0, 1, 2, 4, 3, 7, 5, 6, 9, 8, 10, 11, 12],
        13,
    )
    p50 = np.select(
        [chosen == 2, (chosen == 3) | (chosen == 4), chosen == 5, chosen == 6, (chosen >= 7) & (chosen <= 9),
         chosen == 10, chosen == 11, chosen == 12],
        [observed, stated, title_hint, description_hint, line, stated / ALLOWANCE_TO_WORK_RATIO,
         stated * AUDIO_WORK_FACTOR, questions],
        np.nan,
    )  # fmt: skip
    p50 = np.where(chosen >= 3, np.fmax(p50, SHORTEST_MINUTES), p50)
    half = Z90 * _SPREADS[chosen] * band_scale
    p10, p90 = p50 * np.exp(-half), p50 * np.exp(half)
    spans = chosen == 7
    if spans.any():
        p10[spans] = np.fmin(p10[spans], np.fmin(hint[spans], line[spans]) * np.exp(-Z90 * hint_spread[spans]))
        p90[spans] = np.fmax(p90[spans], np.fmax(hint[spans], line[spans]) * np.exp(Z90 * hint_spread[spans]))
    p10 = np.where(chosen >= 3, np.fmax(p10, SHORTEST_MINUTES / 2), p10)
    # Work never outlasts its allowance; a measured average is kept as measured.
    capped = max_allowed & np.isnan(observed)
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


def _reward_line(usd: np.ndarray, allowance: np.ndarray) -> np.ndarray:
    """Minutes the reward buys on the line through Hara's median rate at the reference reward and allowance."""
    with np.errstate(divide="ignore", invalid="ignore"):
        reference = REFERENCE_REWARD_USD * 60 / OFFERED_RATE_USD
        by_reward = (usd / REFERENCE_REWARD_USD) ** REWARD_ELASTICITY
        by_allowance = np.where(
            np.isnan(allowance), 1.0, (allowance / REFERENCE_ALLOWANCE_MINUTES) ** ALLOWANCE_ELASTICITY
        )
        return np.where(usd > 0, reference * by_reward * by_allowance, np.nan)


def _kind_factors(text: pa.Array) -> np.ndarray:
    """Each text's factor on the reward line from the kinds of work its words name (ranking.priors)."""
    log_factor = np.zeros(len(text))
    for kind, pattern in _KINDS.items():
        found = pc.match_substring_regex(text, pattern).to_numpy(zero_copy_only=False)
        log_factor += np.where(found, KIND_LOG_FACTORS[kind], 0.0)
    return np.exp(log_factor)


def _item_minutes(text: pa.Array) -> np.ndarray:
    """Minutes for a stated number of items or questions (the larger figure where both are stated), NaN for none."""
    questions = question_counts(text.to_pandas()) * SECONDS_PER_QUESTION / 60
    found = pc.extract_regex(text, _ITEMS)
    items = pc.cast(pc.struct_field(found, "n"), pa.float64(), safe=False).to_numpy(zero_copy_only=False)
    return np.fmax(questions, items * SECONDS_PER_ITEM / 60)


def _equals(column: pd.Series, *values: str) -> list[np.ndarray]:
    """column == value for each value, missing read as "", compared once per distinct value rather than per row."""
    codes, uniques = pd.factorize(column)
    names = np.append(np.asarray(uniques, dtype=object), "")
    return [(names == value)[codes] for value in values]
