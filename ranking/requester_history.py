"""Requester history as a step of the time model's Pipeline: how many listings a requester posted and how much
longer than stated their work took, as two features."""

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sklearn.base import BaseEstimator, TransformerMixin

# A requester's average log(observed / stated) is pulled toward 0 as if this many neutral listings were added.
REQUESTER_PSEUDO_COUNT = 5.0
FEATURES = ["requester_listings", "requester_time_ratio"]
HISTORY_SCHEMA = pa.schema([("platform", pa.string()), ("requester_id", pa.string()), ("listings", pa.float64()),
                            ("labelled", pa.float64()), ("log_ratio_sum", pa.float64())])  # fmt: skip
HISTORY_COLUMNS = HISTORY_SCHEMA.names


def as_history(table: pa.Table) -> pa.Table:
    """A history table (the warehouse's query, or requester_history's) in the one schema the step joins on."""
    return table.select(HISTORY_COLUMNS).cast(HISTORY_SCHEMA)


def requester_history(frame: pd.DataFrame, labels: pd.Series | None = None) -> pa.Table:
    """Per requester: listings seen, labelled listings and the sum of log(label / stated minutes).

    `labels` defaults to the platforms' observed averages, as the warehouse's history counts them.
    """
    minutes = labels if labels is not None else frame["observed_minutes"]
    ratio = np.log(np.asarray(minutes, dtype=float) / frame["minutes"].to_numpy(dtype=float))
    return as_history(pa.Table.from_pandas(_grouped(frame, ratio), preserve_index=False))


def _grouped(frame: pd.DataFrame, ratio: np.ndarray) -> pd.DataFrame:
    work = pd.DataFrame(
        {"platform": frame["platform"].to_numpy(), "requester_id": frame["requester_id"].to_numpy(),
         "ratio": np.where(np.isfinite(ratio), ratio, np.nan)}
    ).dropna(subset=["requester_id"])  # fmt: skip
    grouped = work.groupby(["platform", "requester_id"], observed=True)["ratio"]
    history = pd.DataFrame({"listings": grouped.size(), "labelled": grouped.count(), "log_ratio_sum": grouped.sum()})
    return history.reset_index()[HISTORY_COLUMNS]


class RequesterHistory(TransformerMixin, BaseEstimator):
    """Adds `requester_listings` and `requester_time_ratio` and drops `requester_id`.

    Fitted on the training labels, each training row's own label left out (serving never sees it). Set `history`
    (an Arrow table in HISTORY_SCHEMA, e.g. the warehouse's) to serve with a newer history than the one fitted.
    """

    def __init__(self, history: pa.Table | None = None) -> None:
        self.history = history

    def fit(self, X: pd.DataFrame, y: np.ndarray) -> "RequesterHistory":  # noqa: N803 - scikit-learn's names
        fitted = _grouped(X, _log_ratio(X, y))
        # Plain lists and arrays, the types skops stores without trusting pandas.
        self.history_ = {c: fitted[c].tolist() if c in HISTORY_COLUMNS[:2] else fitted[c].to_numpy(dtype=float)
                         for c in HISTORY_COLUMNS}  # fmt: skip
        return self

    def fit_transform(self, X: pd.DataFrame, y: np.ndarray) -> pd.DataFrame:  # noqa: N803
        return self.fit(X, y)._features(X, own=_log_ratio(X, y))

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:  # noqa: N803
        return self._features(X, own=None)

    def _features(self, X: pd.DataFrame, own: np.ndarray | None) -> pd.DataFrame:  # noqa: N803
        history = self.history if self.history is not None else pa.Table.from_pydict(self.history_, HISTORY_SCHEMA)
        seen, ratio_sum, labelled = _history_of(X, history)
        if own is not None:
            counted = np.isfinite(own) & X["requester_id"].notna().to_numpy()
            ratio_sum, labelled = ratio_sum - np.where(counted, own, 0.0), labelled - counted
        out = X.drop(columns="requester_id")
        out[FEATURES[0]] = np.log1p(seen)
        out[FEATURES[1]] = ratio_sum / (labelled + REQUESTER_PSEUDO_COUNT)
        return out


def _log_ratio(X: pd.DataFrame, y: np.ndarray) -> np.ndarray:  # noqa: N803
    """log(label / stated minutes) per row, from the log-minutes target."""
    return np.asarray(y, dtype=float) - X["log_stated_minutes"].to_numpy()


def _history_of(listings: pd.DataFrame, history: pa.Table) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's requester history (listings, log-ratio sum, labelled), zeros when unknown.

    An Arrow hash join: pandas' merge on two string keys took most of the feature time at a million rows.
    """
    if history.num_rows == 0:
        return tuple(np.zeros(len(listings)) for _ in range(3))
    keys = pa.table(
        {
            "platform": pa.array(listings["platform"], type=pa.string(), from_pandas=True),
            "requester_id": pa.array(listings["requester_id"], type=pa.string(), from_pandas=True),
            "row": np.arange(len(listings)),
        }
    )
    joined = keys.join(history, keys=["platform", "requester_id"], join_type="left outer").sort_by("row")
    return tuple(pc.fill_null(joined[c], 0.0).to_numpy() for c in ("listings", "log_ratio_sum", "labelled"))
