"""SYNTHETIC labelled listings for the demo, the tests and the benchmarks — never real observations.

A seeded generator; every assumption is written here and tied to `research/pay-figures.md` where a figure exists:

- Real minutes = the requester's own estimate × a per-requester factor (lognormal, σ 0.3) × a keyword factor
  (TurkScanner's keyword families: "quick" ×0.7, "video" ×1.5, "audio" ×1.3, "writing" ×1.6, "download" ×1.4)
  × task noise (lognormal, σ 0.25).
- mturk shows only the maximum allowance: the real minutes × a lognormal ratio with the real exports' median 19×
  and 10th–90th percentile 2.1×–310× (ranking.priors), rounded up to 5 minutes. 35% of titles carry the
  requester's hint, which runs 15% short. Surveys state their question count half the time; minutes ≈ questions ×
  10.3 s (TurkPrime 2015). Requesters pay lognormal around Hara et al.'s median $3.18/h with σ 1.15 of log
  (ranking.priors: median and mean of 3.8M tasks).
- prolific states an estimate participants beat by 15% on average (forum reports; no published ratio); pay around
  £9/h, the recommended rate.
- swagbucks and other survey walls state a length of interview that runs 25% long (the issue's "survey estimates
  run long"); 5–15 US cents per stated minute.
- rev states audio length; work is about 4 minutes per audio minute (Rev's guidance; see ranking.stated_time).
- toloka, clickworker and microworkers state a rough estimate (σ 0.5 around the truth) or an allowance (2–6×).
- 30% of listings carry no category, as on platforms that do not publish one.
- The label is the platform's average over many workers: real minutes × lognormal noise (σ 0.08).
"""

import numpy as np
import pandas as pd

from ranking.priors import ALLOWANCE_RATIO_SPREAD, ALLOWANCE_TO_WORK_RATIO, OFFERED_RATE_SPREAD, OFFERED_RATE_USD

# platform: (share, currency, minutes_kind, pay per estimated minute in the currency)
PLATFORM_MIX: dict[str, tuple[float, str, str, float]] = {
    "mturk": (0.35, "USD", "max_allowed", OFFERED_RATE_USD / 60),
    "prolific": (0.20, "GBP", "estimated", 9 / 60),
    "swagbucks": (0.15, "USD", "estimated", 0.10),
    "toloka": (0.08, "USD", "estimated", 4 / 60),
    "clickworker": (0.08, "EUR", "estimated", 9 / 60),
    "microworkers": (0.07, "USD", "max_allowed", 4 / 60),
    "rev": (0.07, "USD", "audio_length", 0.45),
}
# category: (median estimated minutes, log spread, title words)
CATEGORIES: dict[str, tuple[float, float, tuple[str, ...]]] = {
    "survey": (10.0, 0.6, ("opinion survey", "academic study", "consumer questionnaire", "research survey")),
    "categorization": (1.5, 0.5, ("categorize products", "classify tweets", "sort receipts")),
    "image tagging": (0.8, 0.5, ("tag images", "draw boxes on photos", "label street scenes")),
    "data collection": (4.0, 0.6, ("find company email", "look up website", "collect business hours")),
    "writing": (20.0, 0.5, ("write product review", "short essay", "rewrite sentences")),
    "transcription": (6.0, 0.6, ("transcribe receipt", "transcribe audio clip", "caption video")),
}
KEYWORD_FACTORS = {"quick": 0.7, "video": 1.5, "audio": 1.3, "writing": 1.6, "download": 1.4}
LABEL_NOISE = 0.08


def generate(rows: int, seed: int = 7) -> pd.DataFrame:
    """Ranking-input rows plus `true_minutes` and `label_minutes`; deterministic for a seed.

    Requesters are skewed like real marketplaces: a few post most listings, most post a handful.
    """
    rng = np.random.default_rng(seed)
    requesters = max(rows // 10, 1)
    names = list(PLATFORM_MIX)
    shares = np.array([PLATFORM_MIX[p][0] for p in names])
    platform = rng.choice(names, size=rows, p=shares / shares.sum())
    kind = pd.Series(platform).map({p: PLATFORM_MIX[p][2] for p in names}).to_numpy()
    currency = pd.Series(platform).map({p: PLATFORM_MIX[p][1] for p in names}).to_numpy()
    pay_rate = pd.Series(platform).map({p: PLATFORM_MIX[p][3] for p in names}).to_numpy(dtype=float)

    category_names = list(CATEGORIES)
    category = rng.choice(category_names, size=rows)
    category[np.isin(platform, ["prolific", "swagbucks"])] = "survey"
    category[platform == "rev"] = "transcription"
    median = pd.Series(category).map({c: v[0] for c, v in CATEGORIES.items()}).to_numpy(dtype=float)
    spread = pd.Series(category).map({c: v[1] for c, v in CATEGORIES.items()}).to_numpy(dtype=float)
    estimate = np.clip(median * rng.lognormal(0, spread), 0.25, 240)

    keywords = np.array(["", "", "", *KEYWORD_FACTORS])
    keyword = rng.choice(keywords, size=rows)
    keyword_factor = pd.Series(keyword).map(KEYWORD_FACTORS).fillna(1.0).to_numpy()

    requester_factor = rng.lognormal(0, 0.3, size=requesters)
    requester_pay = rng.lognormal(0, 0.5, size=requesters)
    requester = np.minimum((requesters * rng.random(rows) ** 3).astype(int), requesters - 1)
    true_minutes = np.clip(
        estimate * requester_factor[requester] * keyword_factor * rng.lognormal(0, 0.25, size=rows), 0.1, 600
    )

    minutes = estimate.copy()
    allowance = kind == "max_allowed"
    ratio = np.maximum(rng.lognormal(np.log(ALLOWANCE_TO_WORK_RATIO), ALLOWANCE_RATIO_SPREAD, allowance.sum()), 1)
    minutes[allowance] = np.minimum(np.ceil(true_minutes[allowance] * ratio / 5) * 5, 7 * 24 * 60)
    prolific = platform == "prolific"
    true_minutes[prolific] *= 0.85
    walls = platform == "swagbucks"
    true_minutes[walls] *= 1.25
    rough = np.isin(platform, ["toloka", "clickworker"])
    minutes[rough] = true_minutes[rough] * rng.lognormal(0, 0.5, rough.sum())
    audio = platform == "rev"
    minutes[audio] = np.round(rng.uniform(1, 30, audio.sum()), 1)
    true_minutes[audio] = minutes[audio] * 4.0 * rng.lognormal(0, 0.25, audio.sum())
    minutes = np.round(np.clip(minutes, 0.25, None), 2)

    reward = np.round(np.maximum(estimate * pay_rate * requester_pay[requester], 0.01), 2)
    # Requester and task effects above give σ ≈ 0.6 of log pay per minute; mturk's real spread is wider.
    mturk = platform == "mturk"
    reward[mturk] = np.round(
        np.maximum(reward[mturk] * rng.lognormal(0, np.sqrt(OFFERED_RATE_SPREAD**2 - 0.6**2), mturk.sum()), 0.01), 2
    )
    reward[audio] = np.round(minutes[audio] * rng.uniform(0.3, 1.1, audio.sum()), 2)

    hint = np.where((platform == "mturk") & (rng.random(rows) < 0.35), np.round(np.maximum(estimate * 0.85, 1)), np.nan)
    questions = np.where((category == "survey") & (rng.random(rows) < 0.5), np.round(true_minutes * 60 / 10.3), np.nan)
    words = [rng.choice(CATEGORIES[c][2]) for c in category]
    title = [
        f"{kw.capitalize() + ' ' if kw else ''}{w}{f' (~{h:g} minutes)' if h == h else ''}"
        for kw, w, h in zip(keyword, words, hint, strict=True)
    ]
    description = [f"Answer {q:g} questions." if q == q else "" for q in questions]

    frame = pd.DataFrame(
        {
            "platform": platform,
            "listing_id": [f"synthetic-{seed}-{i}" for i in range(rows)],
            "url": [f"https://example.invalid/{p}/{i}" for i, p in enumerate(platform)],
            "title": title,
            "description": description,
            "requester_id": [f"{p}-R{r}" for p, r in zip(platform, requester, strict=True)],
            "requester_name": None,
            "category": category,
            "reward_amount": reward,
            "reward_currency": currency,
            "screen_out_reward": np.nan,
            "reward_max": np.nan,
            "pay_basis": "per_task",
            "minutes": minutes,
            "minutes_kind": kind,
            "title_minutes_hint": hint,
            "description_minutes_hint": np.nan,
            "observed_minutes": np.nan,
            "places_available": rng.integers(1, 500, size=rows),
            "requirements_count": rng.integers(0, 4, size=rows),
            "countries": None,
            "flags": None,
            "source_mode": "snapshot",
        }
    )
    # Many real listings carry no category; the model must cope without one.
    frame.loc[rng.random(rows) < 0.3, "category"] = None
    frame["true_minutes"] = true_minutes
    frame["label_minutes"] = true_minutes * rng.lognormal(0, LABEL_NOISE, size=rows)
    return frame
