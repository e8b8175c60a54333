"""Labelled listings for the time model: platform averages, the work log, community times, requesters' exports
(all real) and, for demos only, synthetic ones."""

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ranking.synthetic_labels import generate
from spiders.parsing.hints import minutes_hint
from taskrank.errors import TaskrankError
from warehouse import queries

# A person's own minutes describe their own speed on exactly that listing; they count for more than an average.
WORK_LOG_WEIGHT = 5.0
COMMUNITY_COLUMNS = ("platform", "listing_id", "minutes")
# Requesters' result exports, summarised one row per HIT group (shared/real-labels/SOURCE.md describes the format).
EXPORT_COLUMNS = ("source", "platform", "listing_id", "title", "description", "reward_amount", "reward_currency",
                  "allowance_minutes", "real_minutes", "n_assignments")  # fmt: skip
# Groups with fewer assignments are too noisy to judge an estimate by (SOURCE.md filters the same way).
MIN_ASSIGNMENTS = 3
LABEL_COLUMNS = ["label_minutes", "label_source", "weight", "label_group"]


def gather_labels(
    con: duckdb.DuckDBPyConnection,
    synthetic_rows: int,
    seed: int,
    community_csv: Path | None,
    exports: list[Path] = (),
) -> pd.DataFrame:
    """Ranking-input rows with label_minutes, label_source, weight and label_group; the label is never a feature."""
    parts = []
    averages = queries.platform_averages(con).to_pandas()
    if len(averages):
        averages["label_minutes"] = averages["observed_minutes"]
        parts.append(_labelled(averages, "platform average", 1.0))
    logged = queries.logged_listings(con).to_pandas()
    if len(logged):
        logged["label_minutes"] = logged.pop("logged_minutes")
        parts.append(_labelled(logged, "work log", WORK_LOG_WEIGHT))
    if community_csv is not None:
        parts.append(_labelled(_community(con, community_csv), "community", 1.0))
    for path in exports:
        parts.append(_labelled(read_exports(path), "requester export", 1.0))
    if synthetic_rows:
        synthetic = generate(synthetic_rows, seed).drop(columns=["true_minutes"])
        parts.append(_labelled(synthetic, "synthetic", 1.0))
    parts = [p for p in parts if len(p)]
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=LABEL_COLUMNS)


def read_exports(path: Path) -> pd.DataFrame:
    """Real working times from requesters' exports as ranking-input rows: the allowance is the stated time."""
    if not path.is_file():
        raise TaskrankError(f"labelled exports file not found: {path}")
    try:
        raw = pd.read_csv(path, dtype={"listing_id": str, "source": str, "title": str, "description": str})
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise TaskrankError(f"{path}: not a readable CSV ({exc})") from None
    missing = [c for c in EXPORT_COLUMNS if c not in raw.columns]
    if missing:
        raise TaskrankError(f"{path}: missing columns {missing}; expected {list(EXPORT_COLUMNS)}")
    numbers = raw[["reward_amount", "allowance_minutes", "real_minutes", "n_assignments"]].apply(
        pd.to_numeric, errors="coerce"
    )
    keep = numbers["n_assignments"].ge(MIN_ASSIGNMENTS) & numbers["reward_amount"].gt(0)
    keep &= numbers["allowance_minutes"].gt(0) & numbers["real_minutes"].gt(0)
    raw, numbers = raw[keep], numbers[keep]
    titles = raw["title"].fillna("")
    return pd.DataFrame(
        {
            "platform": raw["platform"], "listing_id": raw["listing_id"], "url": None, "title": titles,
            "description": raw["description"].fillna(""), "requester_id": None, "requester_name": None,
            "category": None, "reward_amount": numbers["reward_amount"], "reward_currency": raw["reward_currency"],
            "screen_out_reward": np.nan, "reward_max": np.nan, "pay_basis": "per_task",
            "minutes": numbers["allowance_minutes"], "minutes_kind": "max_allowed",
            "title_minutes_hint": [minutes_hint(t) or np.nan for t in titles],
            "description_minutes_hint": [minutes_hint(t) or np.nan for t in raw["description"].fillna("")],
            "observed_minutes": np.nan,
            "places_available": np.nan, "requirements_count": 0, "countries": None, "flags": None,
            "source_mode": "snapshot", "label_minutes": numbers["real_minutes"],
            # The exports carry no requester id; the repository that published a batch is its requester.
            "label_group": raw["source"].str.split("@").str[0],
        }
    ).reset_index(drop=True)  # fmt: skip


def _labelled(frame: pd.DataFrame, source: str, weight: float) -> pd.DataFrame:
    frame = frame.copy()
    frame["observed_minutes"] = float("nan")
    frame["label_source"] = source
    frame["weight"] = weight
    if "label_group" not in frame:
        frame["label_group"] = frame["platform"] + ":" + frame["requester_id"].fillna(frame["listing_id"])
    return frame


def _community(con: duckdb.DuckDBPyConnection, path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise TaskrankError(f"community times file not found: {path}")
    times = pd.read_csv(path, dtype={"platform": str, "listing_id": str})
    missing = [c for c in COMMUNITY_COLUMNS if c not in times.columns]
    if missing:
        raise TaskrankError(f"{path}: missing columns {missing}; expected {list(COMMUNITY_COLUMNS)}")
    times = times[list(COMMUNITY_COLUMNS)].dropna()
    times = times[times["minutes"].astype(float) > 0].rename(columns={"minutes": "minutes_timed"})
    return queries.with_listings(con, times).rename(columns={"minutes_timed": "label_minutes"})
