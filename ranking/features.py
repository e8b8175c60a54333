"""The time model's inputs, built from ranking-input rows (contracts.RankingInput) in one pass."""

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

CATEGORICAL = ["platform", "category", "minutes_kind", "pay_basis"]
NUMERIC = [
    "log_stated_minutes",
    "log_reward_usd",
    "log_title_hint",
    "question_count",
    "requirements_count",
    "log_places",
    "requester_listings",
    "requester_time_ratio",
]
TEXT = "text"
FEATURE_SCHEMA: dict[str, object] = {"version": 3, "categorical": CATEGORICAL, "numeric": NUMERIC, "text": TEXT}

# RE2 syntax (Arrow): a stated number of questions or items.
_QUESTIONS = r"(?i)(?P<n>\b\d{1,4})\s*(?:questions?|items?|qs\b)"


def feature_frame(listings: pd.DataFrame, per_usd: dict[str, float]) -> pd.DataFrame:
    """One row of model inputs per listing, in the listing frame's order; requester features are the Pipeline's."""
    usd_factor = 1.0 / listings["reward_currency"].map(per_usd).astype(float)
    reward_usd = listings["reward_amount"].astype(float) * usd_factor
    text = listings["title"].fillna("") + " " + listings["description"].fillna("")
    features = pd.DataFrame(
        {
            "platform": listings["platform"].astype(object),
            "category": listings["category"].astype(object),
            "minutes_kind": listings["minutes_kind"].astype(object),
            "pay_basis": listings["pay_basis"].astype(object),
            "log_stated_minutes": np.log(listings["minutes"].astype(float)),
            "log_reward_usd": np.log1p(reward_usd),
            "log_title_hint": np.log(listings["title_minutes_hint"].astype(float)),
            "question_count": question_counts(text),
            "requirements_count": listings["requirements_count"].astype(float),
            "log_places": np.log1p(listings["places_available"].astype(float)),
            TEXT: text,
            "requester_id": listings["requester_id"].astype(object),
        },
        index=listings.index,
    )
    return features


def question_counts(text: pd.Series) -> np.ndarray:
    """A stated number of questions or items per text, NaN when none."""
    found = pc.extract_regex(pa.array(text, type=pa.string(), from_pandas=True), _QUESTIONS)
    numbers = pc.struct_field(found, "n")
    return pc.cast(numbers, pa.float64(), safe=False).to_numpy(zero_copy_only=False)
