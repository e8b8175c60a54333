"""Training the time model, and judging it and the prior on real labels apart from synthetic ones.

Real labels (platform averages, work logs, community times, requesters' exports) decide where the model serves and
how wide bands are; synthetic labels may help fit the model but never decide either.
"""

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupKFold

from ranking.evaluation import conformal_scale, score
from ranking.features import feature_frame
from ranking.model_store import TrainedModel
from ranking.time_model import make_pipeline, predict_band
from ranking.time_prior import prior_minutes

MIN_LABELS = 200
HELD_OUT_SHARE = 0.25
# Real labels of a platform needed before they may put the model in service there or recalibrate its bands.
MIN_REAL_PER_PLATFORM = 20
REAL_FOLDS = 5
BAND_COVERAGE = 0.8
SYNTHETIC = "synthetic"


def train(labelled: pd.DataFrame, per_usd: dict[str, float], seed: int = 7) -> tuple[TrainedModel | None, dict]:
    """The model (None when there are too few labels) and a report on real and synthetic labels.

    `labelled` holds ranking-input rows plus label_minutes, label_source, weight and label_group (who posted the
    work: a requester's near-duplicate listings are held out together).
    """
    if len(labelled):
        labelled = labelled[labelled["pay_basis"].eq("per_task") & labelled["label_minutes"].gt(0)]
    labelled = labelled.reset_index(drop=True)
    counts = labelled["label_source"].value_counts() if len(labelled) else pd.Series(dtype=int)
    report: dict = {"labels": {str(k): int(v) for k, v in counts.items()}, "seed": seed, "min_labels": MIN_LABELS}
    real = labelled[labelled["label_source"].ne(SYNTHETIC)] if len(labelled) else labelled
    if len(labelled) < MIN_LABELS:
        report["real"] = _real_report(real, per_usd, None, seed)
        report["serving_platforms"] = []
        return None, report

    synthetic_held_out = _synthetic_held_out(labelled, seed)
    if synthetic_held_out.any():
        pipeline = _fit(labelled[~synthetic_held_out], per_usd)
        report["synthetic"] = _compare(
            labelled[synthetic_held_out], per_usd, pipeline, labelled[~synthetic_held_out], seed
        )
    report["real"] = _real_report(real, per_usd, labelled, seed)
    serving, prior_scale, model_scale = [], {}, {}
    for platform, section in report["real"]["platforms"].items():
        if not section.get("calibrated"):
            continue
        prior_scale[platform] = section["prior_band_scale"]
        if "model" in section:
            model_scale[platform] = section["model_band_scale"]
            if beats(section["model"], section["prior"]):
                serving.append(platform)
    report["serving_platforms"] = sorted(serving)
    training = {
        "rows": len(labelled),
        "labels": report["labels"],
        "platforms": sorted(labelled["platform"].unique().tolist()),
        "label_minutes_median": float(labelled["label_minutes"].median()),
        "seed": seed,
    }
    model = TrainedModel(_fit(labelled, per_usd), sorted(serving), training, prior_scale, model_scale)
    return model, report


def beats(model: dict, prior: dict) -> bool:
    """The model earns a platform by a lower median error and an order at least as good as the prior's."""
    lower_error = model.get("median_abs_log_error", np.inf) < prior.get("median_abs_log_error", np.inf)
    model_order, prior_order = model.get("spearman_hourly_pay", np.nan), prior.get("spearman_hourly_pay", np.nan)
    return lower_error and not model_order < prior_order and not np.isnan(model_order)


def _synthetic_held_out(labelled: pd.DataFrame, seed: int) -> np.ndarray:
    # A stream of its own: the generator's seed must not also decide which rows are held out.
    rng = np.random.default_rng([seed, 0x5EED])
    return (rng.random(len(labelled)) < HELD_OUT_SHARE) & labelled["label_source"].eq(SYNTHETIC).to_numpy()


def _fit(rows: pd.DataFrame, per_usd: dict[str, float]) -> object:
    features = feature_frame(rows, per_usd)
    pipeline = make_pipeline()
    pipeline.fit(features, np.log(rows["label_minutes"].to_numpy()), band__sample_weight=rows["weight"].to_numpy())
    return pipeline


def _model_band(pipeline: object, rows: pd.DataFrame, per_usd: dict[str, float]) -> np.ndarray:
    # The requester history is the one fitted on the pipeline's own training rows, as serving would have it.
    return np.exp(predict_band(pipeline, feature_frame(rows, per_usd)))


def _pay_usd(rows: pd.DataFrame, per_usd: dict[str, float]) -> np.ndarray:
    return (rows["reward_amount"] / rows["reward_currency"].map(per_usd)).to_numpy(dtype=float)


def _compare(
    rows: pd.DataFrame, per_usd: dict[str, float], pipeline: object, train_rows: pd.DataFrame, seed: int
) -> dict:
    """The prior and the model on the same held-out rows."""
    truth, pay = rows["label_minutes"].to_numpy(), _pay_usd(rows, per_usd)
    prior = prior_minutes(rows, per_usd)
    band = _model_band(pipeline, rows, per_usd)
    return {
        "prior": score(truth, prior["minutes_used"], pay, (prior["minutes_p10"], prior["minutes_p90"]), seed),
        "model": score(truth, band[:, 1], pay, (band[:, 0], band[:, 2]), seed),
    }


def _real_report(real: pd.DataFrame, per_usd: dict[str, float], labelled: pd.DataFrame | None, seed: int) -> dict:
    """Per platform: the stated time as is, the prior and (given `labelled`) the model on held-out requesters.

    The model's figures are out of fold: each fold of requesters is predicted by a model fitted without them.
    """
    report: dict = {"rows": len(real), "platforms": {}}
    if not len(real):
        return report
    real = real.reset_index(drop=True)
    groups = real["label_group"].fillna(real["platform"] + ":" + real["listing_id"]).to_numpy()
    prior = prior_minutes(real, per_usd)
    model_band = None
    if labelled is not None:
        per_platform = pd.DataFrame({"platform": real["platform"], "group": groups}).groupby("platform")["group"]
        judged = per_platform.size().ge(MIN_REAL_PER_PLATFORM) & per_platform.nunique().ge(2)
        # Models are fitted out of fold only where the result can change where the model serves.
        if judged.any():
            model_band = _out_of_fold(real, groups, labelled, per_usd)
    for platform, index in real.groupby("platform").indices.items():
        rows, truth, pay = (
            real.iloc[index],
            real["label_minutes"].to_numpy()[index],
            _pay_usd(real.iloc[index], per_usd),
        )
        section: dict = {"rows": len(index), "requesters": int(len(set(groups[index])))}
        if rows["minutes"].notna().all():
            section["stated"] = score(truth, rows["minutes"].to_numpy(dtype=float), pay, seed=seed)
        p10, p50, p90 = (prior[c].to_numpy()[index] for c in ("minutes_p10", "minutes_used", "minutes_p90"))
        section["prior"] = score(truth, p50, pay, (p10, p90), seed)
        calibrated = len(index) >= MIN_REAL_PER_PLATFORM and section["requesters"] >= 2
        if calibrated:
            section["prior_band_scale"] = conformal_scale(truth, p10, p50, p90, BAND_COVERAGE)
            section["prior"]["calibrated_band_coverage"] = _held_out_coverage(truth, p10, p50, p90, groups[index])
        if model_band is not None and not np.isnan(model_band[index]).any():
            m10, m50, m90 = model_band[index].T
            section["model"] = score(truth, m50, pay, (m10, m90), seed)
            if calibrated:
                section["model_band_scale"] = conformal_scale(truth, m10, m50, m90, BAND_COVERAGE)
                section["model"]["calibrated_band_coverage"] = _held_out_coverage(truth, m10, m50, m90, groups[index])
        section["calibrated"] = calibrated
        report["platforms"][str(platform)] = section
    return report


def _out_of_fold(
    real: pd.DataFrame, groups: np.ndarray, labelled: pd.DataFrame, per_usd: dict[str, float]
) -> np.ndarray | None:
    """Each real label's model band, fitted without its requester's labels; None with a single requester."""
    folds = min(REAL_FOLDS, len(set(groups)))
    if folds < 2:
        return None
    band = np.full((len(real), 3), np.nan)
    others = labelled[labelled["label_source"].eq(SYNTHETIC)]
    for fit_index, test_index in GroupKFold(n_splits=folds).split(real, groups=groups):
        train_rows = pd.concat([others, real.iloc[fit_index]], ignore_index=True)
        pipeline = _fit(train_rows, per_usd)
        band[test_index] = _model_band(pipeline, real.iloc[test_index], per_usd)
    return band


def _held_out_coverage(
    truth: np.ndarray, p10: np.ndarray, p50: np.ndarray, p90: np.ndarray, groups: np.ndarray
) -> float:
    """Coverage once calibrated, each requester's band scaled by what the other requesters measured."""
    inside = np.zeros(len(truth), dtype=bool)
    for group in set(groups):
        mine = groups == group
        s = conformal_scale(truth[~mine], p10[~mine], p50[~mine], p90[~mine], BAND_COVERAGE)
        low = np.exp(np.log(p50[mine]) - s * (np.log(p50[mine]) - np.log(p10[mine])))
        high = np.exp(np.log(p50[mine]) + s * (np.log(p90[mine]) - np.log(p50[mine])))
        inside[mine] = (truth[mine] >= low) & (truth[mine] <= high)
    return float(inside[np.isfinite(p50)].mean())
