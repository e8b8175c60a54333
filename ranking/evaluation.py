"""Scores for a time estimate against held-out labels, the same for the baseline and the model."""

import numpy as np
import pandas as pd
from sklearn.metrics import ndcg_score

# NDCG is averaged over feeds of this many listings, roughly what a worker scans in one sitting.
FEED_SIZE = 200
NDCG_AT = 20


def score(
    label_minutes: np.ndarray,
    predicted_minutes: np.ndarray,
    pay_usd: np.ndarray,
    band: tuple[np.ndarray, np.ndarray] | None = None,
    seed: int = 0,
) -> dict[str, float]:
    """Error on log minutes, share within ±25% and ±75%, band coverage and NDCG@20 by true pay per minute."""
    truth = np.asarray(label_minutes, dtype=float)
    guess = np.asarray(predicted_minutes, dtype=float)
    log_error = np.abs(np.log(guess) - np.log(truth))
    relative = np.abs(guess - truth) / truth
    result = {
        "rows": int(len(truth)),
        "mae_log_minutes": float(np.mean(log_error)),
        "within_25pct": float(np.mean(relative <= 0.25)),
        "within_75pct": float(np.mean(relative <= 0.75)),
        "ndcg_at_20": ndcg_by_feed(pay_usd / truth, pay_usd / guess, seed),
    }
    if band is not None:
        low, high = band
        result["band_coverage"] = float(np.mean((truth >= low) & (truth <= high)))
    return result


def ndcg_by_feed(true_rate: np.ndarray, predicted_rate: np.ndarray, seed: int = 0) -> float:
    """Mean NDCG@20 over random feeds of FEED_SIZE listings."""
    order = np.random.default_rng(seed).permutation(len(true_rate))
    feeds = [order[i : i + FEED_SIZE] for i in range(0, len(order) - FEED_SIZE + 1, FEED_SIZE)] or [order]
    scores = [ndcg_score([true_rate[f]], [predicted_rate[f]], k=NDCG_AT) for f in feeds if len(f) > 1]
    return float(np.mean(scores)) if scores else float("nan")


def by_platform(frame: pd.DataFrame, column: str) -> dict[str, float]:
    """Mean absolute log error per platform, for deciding where the model serves."""
    errors = np.abs(np.log(frame[column]) - np.log(frame["label_minutes"]))
    return {str(k): float(v) for k, v in errors.groupby(frame["platform"]).mean().items()}
