"""The time model's inputs, built from ranking-input rows (warehouse.queries.RANKING_COLUMNS) in one pass."""

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
FEATURE_SCHEMA: dict[str, object] = {"version": 2, "categorical": CATEGORICAL, "numeric": NUMERIC, "text": TEXT}

# A requester's average log(observed / stated) is pulled toward 0 as if this many neutral listings were added.
REQUESTER_PSEUDO_COUNT = 5.0
# RE2 syntax (Arrow): a stated number of questions or items.
_QUESTIONS = r"(?i)(?P<n>\b\d{1,4})\s*(?:questions?|items?|qs\b)"

HISTORY_COLUMNS = ["platform", "requester_id", "listings", "labelled", "log_ratio_sum"]


def requester_history(frame: pd.DataFrame, labels: pd.Series | None = None) -> pd.DataFrame:
    """Per requester: listings seen, labelled listings and the sum of log(label / stated minutes).

    `labels` defaults to the platform's observed averages; training passes its own labels for its training rows only.
    """
    minutes = labels if labels is not None else frame["observed_minutes"]
    ratio = np.log(minutes.astype(float) / frame["minutes"].astype(float))
    work = pd.DataFrame(
        {
            "platform": frame["platform"],
            "requester_id": frame["requester_id"],
            "ratio": ratio.where(np.isfinite(ratio)),
        }
    ).dropna(subset=["requester_id"])
    grouped = work.groupby(["platform", "requester_id"], observed=True)["ratio"]
    history = pd.DataFrame({"listings": grouped.size(), "labelled": grouped.count(), "log_ratio_sum": grouped.sum()})
    return history.reset_index()[HISTORY_COLUMNS]


def feature_frame(
    listings: pd.DataFrame,
    per_usd: dict[str, float],
    history: pd.DataFrame | None,
    own_labels: pd.Series | None = None,
) -> pd.DataFrame:
    """One row of model inputs per listing, in the listing frame's order.

    `own_labels`: when the history was built from these rows' labels, each row's own label is taken out again
    (leave-one-out), so training sees requester history the way serving does.
    """
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
        },
        index=listings.index,
    )
    features[["requester_listings", "requester_time_ratio"]] = _requester_features(listings, history, own_labels)
    return features[CATEGORICAL + NUMERIC + [TEXT]]


def question_counts(text: pd.Series) -> np.ndarray:
    """A stated number of questions or items per text, NaN when none."""
    found = pc.extract_regex(pa.array(text, type=pa.string(), from_pandas=True), _QUESTIONS)
    numbers = pc.struct_field(found, "n")
    return pc.cast(numbers, pa.float64(), safe=False).to_numpy(zero_copy_only=False)


def _requester_features(
    listings: pd.DataFrame, history: pd.DataFrame | None, own_labels: pd.Series | None
) -> np.ndarray:
    if history is None or history.empty:
        return np.column_stack([np.zeros(len(listings)), np.zeros(len(listings))])
    listings_seen, ratio_sum, labelled = _history_of(listings, history)
    if own_labels is not None:
        own = np.log(own_labels.to_numpy(dtype=float) / listings["minutes"].to_numpy(dtype=float))
        counted = np.isfinite(own) & listings["requester_id"].notna().to_numpy()
        ratio_sum = ratio_sum - np.where(counted, own, 0.0)
        labelled = labelled - counted
    return np.column_stack([np.log1p(listings_seen), ratio_sum / (labelled + REQUESTER_PSEUDO_COUNT)])


def _history_of(listings: pd.DataFrame, history: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each listing's requester history (listings, log-ratio sum, labelled), zeros when unknown.

    An Arrow hash join: pandas' merge on two string keys took most of the feature time at a million rows.
    """
    keys = pa.table(
        {
            "platform": pa.array(listings["platform"], type=pa.string(), from_pandas=True),
            "requester_id": pa.array(listings["requester_id"], type=pa.string(), from_pandas=True),
            "row": np.arange(len(listings)),
        }
    )
    known = pa.Table.from_pandas(history[HISTORY_COLUMNS], preserve_index=False).cast(
        pa.schema([("platform", pa.string()), ("requester_id", pa.string()), ("listings", pa.float64()),
                   ("labelled", pa.float64()), ("log_ratio_sum", pa.float64())])
    )  # fmt: skip
    joined = keys.join(known, keys=["platform", "requester_id"], join_type="left outer").sort_by("row")
    return tuple(pc.fill_null(joined[c], 0.0).to_numpy() for c in ("listings", "log_ratio_sum", "labelled"))
