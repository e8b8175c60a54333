"""Scores for a time estimate against labels, the same for the allowance, the prior and the model."""

import numpy as np
from scipy.stats import spearmanr
from sklearn.metrics import ndcg_score

# NDCG is averaged over feeds of this many listings, roughly what a worker scans in one sitting.
FEED_SIZE = 200
NDCG_AT = 20
# Precision at the top: of the listings predicted in this top share by hourly pay, the share really there.
TOP_SHARE = 0.2


def score(
    label_minutes: np.ndarray,
    predicted_minutes: np.ndarray,
    pay_usd: np.ndarray,
    band: tuple[np.ndarray, np.ndarray] | None = None,
    seed: int = 0,
) -> dict[str, float]:
    """Pay within ±75% (TurkScanner's measure) and ±25%, log-minute errors, band coverage, and the order: Spearman
    correlation of predicted with real hourly pay, precision at the top fifth, NDCG@20 by true pay.

    Predicted hourly pay is within x of the real one when |real minutes / predicted minutes − 1| ≤ x. Rows the
    estimate gives no time for, or whose pay has no exchange rate, are left out (`rows` says how many are scored).
    """
    truth = np.asarray(label_minutes, dtype=float)
    guess = np.asarray(predicted_minutes, dtype=float)
    pay_usd = np.asarray(pay_usd, dtype=float)
    scored = np.isfinite(guess) & (guess > 0) & np.isfinite(pay_usd)
    truth, guess, pay_usd = truth[scored], guess[scored], pay_usd[scored]
    if not scored.any():
        return {"rows": 0}
    log_error = np.abs(np.log(guess) - np.log(truth))
    pay_error = np.abs(truth / guess - 1)
    result = {
        "rows": int(len(truth)),
        "pay_within_75pct": float(np.mean(pay_error <= 0.75)),
        "pay_within_25pct": float(np.mean(pay_error <= 0.25)),
        "median_abs_log_error": float(np.median(log_error)),
        "mae_log_minutes": float(np.mean(log_error)),
        "median_predicted_over_real": float(np.median(guess / truth)),
        "spearman_hourly_pay": rank_correlation(pay_usd / truth, pay_usd / guess),
        "precision_top_fifth": precision_at_top(pay_usd / truth, pay_usd / guess),
        "ndcg_at_20": ndcg_by_feed(pay_usd / truth, pay_usd / guess, seed),
    }
    if band is not None:
        low, high = (np.asarray(b, dtype=float)[scored] for b in band)
        result["band_coverage"] = float(np.mean((truth >= low) & (truth <= high)))
    return result


def rank_correlation(true_rate: np.ndarray, predicted_rate: np.ndarray) -> float:
    """Spearman's ρ of predicted with real hourly pay (NaN with fewer than three rows or a constant side)."""
    if len(true_rate) < 3 or np.ptp(true_rate) == 0 or np.ptp(predicted_rate) == 0:
        return float("nan")
    return float(spearmanr(predicted_rate, true_rate).statistic)


def precision_at_top(true_rate: np.ndarray, predicted_rate: np.ndarray, share: float = TOP_SHARE) -> float:
    """Of the listings predicted in the top `share` by hourly pay, the share whose real pay is in the real top."""
    k = max(1, int(round(len(true_rate) * share)))
    if len(true_rate) < 2:
        return float("nan")
    predicted_top = np.argsort(-predicted_rate, kind="stable")[:k]
    real_top = np.argsort(-true_rate, kind="stable")[:k]
    return float(len(np.intersect1d(predicted_top, real_top)) / k)


def ndcg_by_feed(true_rate: np.ndarray, predicted_rate: np.ndarray, seed: int = 0) -> float:
    """Mean NDCG@20 over random feeds of FEED_SIZE listings (one feed when there are fewer)."""
    order = np.random.default_rng(seed).permutation(len(true_rate))
    feeds = [order[i : i + FEED_SIZE] for i in range(0, len(order) - FEED_SIZE + 1, FEED_SIZE)] or [order]
    scores = [ndcg_score([true_rate[f]], [predicted_rate[f]], k=NDCG_AT) for f in feeds if len(f) > 1]
    return float(np.mean(scores)) if scores else float("nan")


def conformal_scale(label: np.ndarray, p10: np.ndarray, p50: np.ndarray, p90: np.ndarray, coverage: float) -> float:
    """How much to stretch each band's half-widths (log minutes) so that `coverage` of labels fall inside.

    Split-conformal on the ratio of each miss to its own half-width, so wide bands stay wider than narrow ones.
    """
    log_label, middle = np.log(label), np.log(p50)
    below, above = middle - np.log(p10), np.log(p90) - middle
    miss, width = (
        np.where(log_label < middle, middle - log_label, log_label - middle),
        np.where(log_label < middle, below, above),
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(miss <= 0, 0.0, miss / width)
    ratio = ratio[np.isfinite(ratio)]
    n = len(ratio)
    if not n:
        return 1.0
    level = min(1.0, np.ceil((n + 1) * coverage) / n)
    return float(np.quantile(ratio, level))
