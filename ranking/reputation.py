"""Requester and platform reputation from the person's work log, shrunk toward priors and read on a bound.

The HIT finder's rating formula (pay-figures.md) adds five neutral reviews and subtracts a one-sided 95% margin;
here the same pseudo-counts pull each rate toward its prior and ranking uses the pessimistic side of the margin.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ranking.priors import (
    IN_STUDY_SCREENING,
    NO_SCREENING,
    PSEUDO_COUNT,
    REJECTION_RATE,
    RETURN_RATE,
    SURVEY_WALL,
    SURVEY_WALLS,
    Z95,
)

RISK_COLUMNS = ["p_screen_out", "screen_out_minutes", "p_return", "p_reject", "logged_tasks"]
# The shrunk means, kept beside the bounds: a requester's prior is its platform's mean, not its bound.
MEAN_COLUMNS = {"p_screen_out": "screen_out_mean", "p_return": "return_mean", "p_reject": "reject_mean"}
SCREENING_FLAGS = {"in_study_screening", "screen_out_risk"}
# A requester "rejects often" when its shrunk rejection rate is at least this and above its platform's.
REJECTS_OFTEN = 0.05


def shrunk_rate(events: np.ndarray, trials: np.ndarray, prior: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(mean, pessimistic bound): (k + m·p0)/(n + m) and that plus 1.645·sqrt(p(1−p)/(n + m)), capped at 1."""
    total = trials + PSEUDO_COUNT
    mean = (events + PSEUDO_COUNT * prior) / total
    bound = np.minimum(1.0, mean + Z95 * np.sqrt(mean * (1 - mean) / total))
    return mean, bound


@dataclass(frozen=True)
class Reputation:
    platforms: pd.DataFrame  # index platform; columns RISK_COLUMNS
    requesters: pd.DataFrame  # index (platform, requester_id); columns RISK_COLUMNS


def build_reputation(work_log: pd.DataFrame) -> Reputation:
    """From work-log rows (platform, requester_id, minutes, status)."""
    platforms = _rates(work_log, ["platform"], None)
    with_requester = work_log.dropna(subset=["requester_id"])
    requesters = _rates(with_requester, ["platform", "requester_id"], platforms)
    return Reputation(platforms, requesters)


def unpaid_risks(listings: pd.DataFrame, reputation: Reputation | None, screening: np.ndarray) -> pd.DataFrame:
    """Per listing: screen-out probability and minutes, return and rejection probabilities (pessimistic bounds).

    `screening` marks listings whose page says they screen inside the study (SCREENING_FLAGS).
    """
    platform = listings["platform"]
    walls = platform.isin(SURVEY_WALLS).to_numpy()
    risks = pd.DataFrame(
        {
            "p_screen_out": np.where(walls, SURVEY_WALL.probability, NO_SCREENING.probability),
            "screen_out_minutes": np.where(walls, SURVEY_WALL.minutes, NO_SCREENING.minutes),
            "p_return": RETURN_RATE,
            "p_reject": REJECTION_RATE,
            "logged_tasks": 0.0,
            "rejects_often": False,
        },
        index=listings.index,
    )
    if reputation is not None:
        known, platform_mean = _apply_logged(risks, listings, reputation.platforms, ["platform"])
        platform_reject = np.where(known, platform_mean, REJECTION_RATE)
        known, mean = _apply_logged(risks, listings, reputation.requesters, ["platform", "requester_id"])
        risks["rejects_often"] = known & (mean >= REJECTS_OFTEN) & (mean > platform_reject)
    flagged = np.asarray(screening, dtype=bool)
    risks.loc[flagged, "p_screen_out"] = np.maximum(risks.loc[flagged, "p_screen_out"], IN_STUDY_SCREENING.probability)
    risks.loc[flagged, "screen_out_minutes"] = np.maximum(
        risks.loc[flagged, "screen_out_minutes"], IN_STUDY_SCREENING.minutes
    )
    return risks


def _apply_logged(
    risks: pd.DataFrame, listings: pd.DataFrame, table: pd.DataFrame, keys: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Overwrite risks where the log knows the key; returns which rows it knew and their shrunk rejection rate."""
    if table.empty:
        return np.zeros(len(listings), dtype=bool), np.full(len(listings), np.nan)
    found = listings[keys].merge(table, left_on=keys, right_index=True, how="left").set_index(listings.index)
    known = found["logged_tasks"].notna().to_numpy()
    risks.loc[known, RISK_COLUMNS] = found.loc[known, RISK_COLUMNS].to_numpy()
    return known, found["reject_mean"].to_numpy(dtype=float)


def _rates(log: pd.DataFrame, keys: list[str], parent: pd.DataFrame | None) -> pd.DataFrame:
    if log.empty:
        return pd.DataFrame(columns=RISK_COLUMNS + list(MEAN_COLUMNS.values()))
    status = log["status"]
    grouped = (
        pd.DataFrame(
            {
                **{k: log[k] for k in keys},
                "tasks": 1,
                "screened": status.eq("screened_out"),
                "returned": status.eq("returned"),
                "submitted": status.isin(["approved", "rejected", "pending"]),
                "rejected": status.eq("rejected"),
                "screen_minutes": log["minutes"].where(status.eq("screened_out"), 0.0),
            }
        )
        .groupby(keys)[["tasks", "screened", "returned", "submitted", "rejected", "screen_minutes"]]
        .sum()
    )
    platform = grouped.index.get_level_values("platform")
    walls = platform.isin(list(SURVEY_WALLS))
    prior = {
        "p_screen_out": np.where(walls, SURVEY_WALL.probability, NO_SCREENING.probability),
        "screen_out_minutes": np.where(walls, SURVEY_WALL.minutes, IN_STUDY_SCREENING.minutes),
        "p_return": np.full(len(grouped), RETURN_RATE),
        "p_reject": np.full(len(grouped), REJECTION_RATE),
    }
    if parent is not None:  # a requester starts from its platform's shrunk means
        up = parent.reindex(platform)
        for column, values in prior.items():
            measured = up[MEAN_COLUMNS.get(column, column)].to_numpy(dtype=float)
            prior[column] = np.where(np.isnan(measured), values, measured)
    tasks = grouped["tasks"].to_numpy(dtype=float)
    screened = grouped["screened"].to_numpy(dtype=float)
    screen_mean, screen_bound = shrunk_rate(screened, tasks, prior["p_screen_out"])
    return_mean, return_bound = shrunk_rate(
        grouped["returned"].to_numpy(dtype=float), tasks - screened, prior["p_return"]
    )
    reject_mean, reject_bound = shrunk_rate(
        grouped["rejected"].to_numpy(dtype=float), grouped["submitted"].to_numpy(dtype=float), prior["p_reject"]
    )
    screen_minutes = (grouped["screen_minutes"].to_numpy(dtype=float) + PSEUDO_COUNT * prior["screen_out_minutes"]) / (
        screened + PSEUDO_COUNT
    )
    return pd.DataFrame(
        {
            "p_screen_out": screen_bound,
            "screen_out_minutes": screen_minutes,
            "p_return": return_bound,
            "p_reject": reject_bound,
            "logged_tasks": tasks,
            "screen_out_mean": screen_mean,
            "return_mean": return_mean,
            "reject_mean": reject_mean,
        },
        index=grouped.index,
    )
