"""Labelled listings for the time model: platform averages, the person's work log, community times, synthetic."""

from pathlib import Path

import duckdb
import pandas as pd

from ranking.synthetic_labels import generate
from taskrank.errors import TaskrankError
from warehouse import queries

# A person's own minutes describe their own speed on exactly that listing; they count for more than an average.
WORK_LOG_WEIGHT = 5.0
COMMUNITY_COLUMNS = ("platform", "listing_id", "minutes")


def gather_labels(
    con: duckdb.DuckDBPyConnection, synthetic_rows: int, seed: int, community_csv: Path | None
) -> pd.DataFrame:
    """Ranking-input rows with label_minutes, label_source and weight; the label never appears among the features."""
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
    if synthetic_rows:
        synthetic = generate(synthetic_rows, seed).drop(columns=["true_minutes"])
        parts.append(_labelled(synthetic, "synthetic", 1.0))
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["label_minutes"])


def _labelled(frame: pd.DataFrame, source: str, weight: float) -> pd.DataFrame:
    frame = frame.copy()
    frame["observed_minutes"] = float("nan")
    frame["label_source"] = source
    frame["weight"] = weight
    return frame


def _community(con: duckdb.DuckDBPyConnection, path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise TaskrankError(f"community times file not found: {path}")
    times = pd.read_csv(path, dtype={"platform": str, "listing_id": str})
    missing = [c for c in COMMUNITY_COLUMNS if c not in times.columns]
    if missing:
        raise TaskrankError(f"{path}: missing columns {missing}; expected {list(COMMUNITY_COLUMNS)}")
    times = times[list(COMMUNITY_COLUMNS)].dropna()
    times = times[times["minutes"].astype(float) > 0]
    con.register("community_times", times)
    try:
        return con.execute(
            f"SELECT {queries.RANKING_COLUMNS}, c.minutes::DOUBLE AS label_minutes "
            "FROM community_times c JOIN listings l USING (platform, listing_id)"
        ).df()
    finally:
        con.unregister("community_times")
