"""Training the time model and judging it against the stated-time baseline on held-out labels."""

import numpy as np
import pandas as pd

from ranking.evaluation import by_platform, score
from ranking.features import feature_frame, requester_history
from ranking.model_store import TrainedModel
from ranking.stated_time import stated_minutes
from ranking.time_estimate import band_offsets
from ranking.time_model import make_pipeline, predict_band

MIN_LABELS = 200
HELD_OUT_SHARE = 0.25
# The model must see this many held-out rows of a platform before it may replace the baseline there.
MIN_HELD_OUT_PER_PLATFORM = 20


class NotEnoughLabels(ValueError):
    pass


def train(labelled: pd.DataFrame, per_usd: dict[str, float], seed: int = 7) -> tuple[TrainedModel, dict]:
    """Fit on a random 75%, score the model and the baseline on the rest, then refit on everything.

    `labelled` holds ranking-input rows plus label_minutes, label_source and weight.
    """
    labelled = labelled[labelled["pay_basis"].eq("per_task") & labelled["label_minutes"].gt(0)].reset_index(drop=True)
    if len(labelled) < MIN_LABELS:
        raise NotEnoughLabels(
            f"only {len(labelled)} labelled listings (need {MIN_LABELS}): import a work log, crawl platforms that "
            "publish average times, or set [model] synthetic_labels for a demo"
        )
    # A stream of its own: the generator's seed must not also decide which rows are held out.
    rng = np.random.default_rng([seed, 0x5EED])
    held_out = rng.random(len(labelled)) < HELD_OUT_SHARE
    train_rows, test_rows = labelled[~held_out], labelled[held_out].copy()

    pipeline = _fit(train_rows, per_usd)
    history = requester_history(train_rows, train_rows["label_minutes"])
    band = np.exp(predict_band(pipeline, feature_frame(test_rows, per_usd, history)))
    test_rows["model_minutes"] = band[:, 1]
    test_rows["baseline_minutes"] = stated_minutes(test_rows)["minutes_used"].to_numpy()
    baseline_band = _baseline_band(train_rows)
    low_log, high_log = band_offsets(test_rows["platform"], baseline_band, baseline_band["*"])

    pay = (test_rows["reward_amount"] / test_rows["reward_currency"].map(per_usd)).to_numpy(dtype=float)
    truth = test_rows["label_minutes"].to_numpy()
    base = test_rows["baseline_minutes"].to_numpy()
    report = {
        "baseline": score(truth, base, pay, (base * np.exp(low_log), base * np.exp(high_log)), seed),
        "model": score(truth, band[:, 1], pay, (band[:, 0], band[:, 2]), seed),
        "baseline_by_platform": by_platform(test_rows, "baseline_minutes"),
        "model_by_platform": by_platform(test_rows, "model_minutes"),
        "held_out_by_platform": {str(k): int(v) for k, v in test_rows["platform"].value_counts().items()},
        "labels": {str(k): int(v) for k, v in labelled["label_source"].value_counts().items()},
        "seed": seed,
    }
    serving = sorted(
        p
        for p, model_error in report["model_by_platform"].items()
        if report["held_out_by_platform"][p] >= MIN_HELD_OUT_PER_PLATFORM
        and model_error < report["baseline_by_platform"][p]
    )
    report["serving_platforms"] = serving
    final = _fit(labelled, per_usd)
    training = {
        "rows": len(labelled),
        "labels": report["labels"],
        "platforms": sorted(labelled["platform"].unique().tolist()),
        "label_minutes_median": float(labelled["label_minutes"].median()),
        "seed": seed,
    }
    return TrainedModel(final, serving, _baseline_band(labelled), training), report


def _fit(rows: pd.DataFrame, per_usd: dict[str, float]) -> object:
    history = requester_history(rows, rows["label_minutes"])
    features = feature_frame(rows, per_usd, history, own_labels=rows["label_minutes"])
    pipeline = make_pipeline()
    pipeline.fit(features, np.log(rows["label_minutes"].to_numpy()), band__sample_weight=rows["weight"].to_numpy())
    return pipeline


def _baseline_band(rows: pd.DataFrame) -> dict[str, list[float]]:
    """p10 and p90 of log(label / baseline) per platform, and overall under "*"."""
    ratio = np.log(rows["label_minutes"].to_numpy() / stated_minutes(rows)["minutes_used"].to_numpy())
    frame = pd.DataFrame({"platform": rows["platform"].to_numpy(), "ratio": ratio}).dropna()
    bands = {
        str(p): [float(g.quantile(0.1)), float(g.quantile(0.9))]
        for p, g in frame.groupby("platform")["ratio"]
        if len(g) >= MIN_HELD_OUT_PER_PLATFORM
    }
    bands["*"] = [float(frame["ratio"].quantile(0.1)), float(frame["ratio"].quantile(0.9))]
    return bands
