"""Time estimates as data: the profile-independent part of ranking, computed once per listing version and estimator
and stored in the warehouse, so each profile's ranking is arithmetic on stored columns and no model call."""

import hashlib
import json
from importlib import resources

import pandas as pd
import pyarrow as pa

from ranking.model_store import TrainedModel
from ranking.time_estimate import estimate_minutes

ESTIMATE_COLUMNS = ["minutes_p10", "minutes_used", "minutes_p90", "minutes_source", "weak_estimate"]
# The code an estimate comes from: a change to any of these makes every stored estimate stale.
ESTIMATOR_MODULES = ("time_estimate.py", "time_prior.py", "priors.py", "features.py", "time_model.py", "calibration.py")


def estimator_version(model: TrainedModel | None, per_usd: dict[str, float]) -> str:
    """One id for everything an estimate depends on beside the listing: the model's card (or none), the exchange
    rates the prior reads pay in, and the estimating code itself."""
    digest = hashlib.sha256()
    digest.update(json.dumps(model.card() if model else None, sort_keys=True, default=str).encode())
    digest.update(json.dumps(sorted(per_usd.items())).encode())
    for name in ESTIMATOR_MODULES:
        digest.update(resources.files("ranking").joinpath(name).read_bytes())
    return digest.hexdigest()[:16]


def estimate_table(frame: pd.DataFrame, per_usd: dict[str, float], model: TrainedModel | None,
                   history: pa.Table | None) -> pa.Table:  # fmt: skip
    """Each row's p10/p50/p90 minutes, their source and weakness, before any person's speed."""
    minutes = estimate_minutes(frame, per_usd, model, history)
    return pa.table({name: pa.array(minutes[name].to_numpy()) for name in ESTIMATE_COLUMNS})
