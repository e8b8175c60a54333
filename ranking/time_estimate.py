"""Working minutes with a p10–p90 band for every listing: observed average, model or stated-time baseline."""

import numpy as np
import pandas as pd

from ranking.features import feature_frame
from ranking.model_store import TrainedModel
from ranking.stated_time import stated_minutes
from ranking.time_model import predict_band

Z90 = 1.2815515655446004  # standard normal quantile at 0.9
# Single workers scatter around a platform's published average; σ of log minutes (assumption, not published).
OBSERVED_SPREAD = 0.3
# Without a trained model the stated time's error is unknown; σ 0.6 of log minutes puts about 70% of tasks within
# 75% error, close to TurkScanner's 69.6% (pay-figures.md).
DEFAULT_BASELINE_SPREAD = 0.6


def estimate_minutes(
    listings: pd.DataFrame,
    per_usd: dict[str, float],
    model: TrainedModel | None,
    history: pd.DataFrame | None,
    speed_factor: float = 1.0,
) -> pd.DataFrame:
    """Columns minutes_p10, minutes_used (p50), minutes_p90, minutes_source, weak_estimate, aligned to listings."""
    baseline = stated_minutes(listings)
    p50 = baseline["minutes_used"].to_numpy(dtype=float)
    default = (-Z90 * DEFAULT_BASELINE_SPREAD, Z90 * DEFAULT_BASELINE_SPREAD)
    bands = model.baseline_band if model is not None else {}
    low_log, high_log = band_offsets(listings["platform"], bands, bands.get("*", default))
    p10, p90 = p50 * np.exp(low_log), p50 * np.exp(high_log)
    source = baseline["minutes_source"].to_numpy(dtype=object)
    weak = baseline["weak_estimate"].to_numpy(dtype=bool)

    observed = listings["observed_minutes"].notna().to_numpy()
    if model is not None and model.serving_platforms:
        serve = listings["platform"].isin(model.serving_platforms).to_numpy() & ~observed
        serve &= listings["pay_basis"].eq("per_task").to_numpy()
        if serve.any():
            features = feature_frame(listings[serve], per_usd, history)
            band = np.exp(predict_band(model.pipeline, features))
            p10[serve], p50[serve], p90[serve] = band[:, 0], band[:, 1], band[:, 2]
            source[serve] = "time from model"
            weak[serve] = False

    spread = np.exp(Z90 * OBSERVED_SPREAD)
    p10[observed], p90[observed] = p50[observed] / spread, p50[observed] * spread
    return pd.DataFrame(
        {
            "minutes_p10": p10 * speed_factor,
            "minutes_used": p50 * speed_factor,
            "minutes_p90": p90 * speed_factor,
            "minutes_source": source,
            "weak_estimate": weak,
        },
        index=listings.index,
    )


def band_offsets(
    platform: pd.Series, bands: dict[str, list[float]], overall: tuple[float, float] | list[float]
) -> tuple[np.ndarray, np.ndarray]:
    """Log offsets of p10 and p90 from the baseline per row: the platform's measured band, else `overall`."""
    names = platform.unique()
    low = platform.map({p: bands.get(p, overall)[0] for p in names}).to_numpy(dtype=float)
    high = platform.map({p: bands.get(p, overall)[1] for p in names}).to_numpy(dtype=float)
    return low, high
