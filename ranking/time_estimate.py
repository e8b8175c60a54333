"""Working minutes with a p10–p90 band for every listing: the prior, or the model where it earned the place."""

import numpy as np
import pandas as pd
import pyarrow as pa

from ranking.features import feature_frame
from ranking.model_store import TrainedModel
from ranking.time_model import predict_band
from ranking.time_prior import prior_minutes


def estimate_minutes(
    listings: pd.DataFrame,
    per_usd: dict[str, float],
    model: TrainedModel | None,
    history: pa.Table | None,
    speed_factor: float | np.ndarray = 1.0,
) -> pd.DataFrame:
    """Columns minutes_p10, minutes_used (p50), minutes_p90, minutes_source, weak_estimate, aligned to listings.

    The model replaces the prior only on platforms where it beat the prior on real labels, and never where the
    platform publishes an observed average. Bands are widened or narrowed by what real labels measured.
    """
    scale = _per_row(listings["platform"], model.prior_band_scale) if model is not None else 1.0
    prior = prior_minutes(listings, per_usd, scale)
    columns = {name: prior[name].to_numpy() for name in prior.columns}
    if model is not None and model.serving_platforms:
        serve = listings["platform"].isin(model.serving_platforms).to_numpy()
        serve &= listings["observed_minutes"].isna().to_numpy() & listings["pay_basis"].eq("per_task").to_numpy()
        if serve.any():
            served = listings[serve]
            band = predict_band(model.pipeline, feature_frame(served, per_usd), history)
            widen = _per_row(served["platform"], model.model_band_scale)
            middle, half_low, half_high = band[:, 1], band[:, 1] - band[:, 0], band[:, 2] - band[:, 1]
            columns["minutes_p10"][serve] = np.exp(middle - half_low * widen)
            columns["minutes_used"][serve] = np.exp(middle)
            columns["minutes_p90"][serve] = np.exp(middle + half_high * widen)
            columns["minutes_source"][serve] = "time from model"
            columns["weak_estimate"][serve] = False
    for name in ("minutes_p10", "minutes_used", "minutes_p90"):
        columns[name] = columns[name] * speed_factor
    return pd.DataFrame(columns, index=listings.index)


def _per_row(platform: pd.Series, scale: dict[str, float]) -> np.ndarray:
    """Each row's platform scale; 1 where real labels have not measured the platform."""
    if not scale:
        return np.ones(len(platform))
    return platform.map(scale).fillna(1.0).to_numpy(dtype=float)
