"""Personal speed: how the person's logged minutes compare with the estimate for the same listings, per platform."""

import numpy as np
import pandas as pd

from ranking.priors import PSEUDO_COUNT

# Work whose length the clock sets, not the person: a scheduled interview or call lasts what it lasts.
FIXED_LENGTH_PLATFORMS = frozenset({"respondent"})
FIXED_LENGTH_WORDS = r"(?i)\b(?:interview|focus group|video call|phone call|zoom call|live session)s?\b"


def speed_factors(
    platforms: np.ndarray, logged_minutes: np.ndarray, estimated_minutes: np.ndarray
) -> dict[str, tuple[float, int]]:
    """Per platform, (factor, tasks): exp of the mean log ratio, shrunk toward 1 as if PSEUDO_COUNT tasks matched."""
    ratio = np.log(np.asarray(logged_minutes, dtype=float) / np.asarray(estimated_minutes, dtype=float))
    frame = pd.DataFrame({"platform": np.asarray(platforms, dtype=object), "ratio": ratio})
    frame = frame[np.isfinite(frame["ratio"])]
    grouped = frame.groupby("platform")["ratio"].agg(["sum", "count"])
    return {
        str(platform): (float(np.exp(row["sum"] / (row["count"] + PSEUDO_COUNT))), int(row["count"]))
        for platform, row in grouped.iterrows()
    }


def fixed_length(platform: pd.Series, title: pd.Series) -> np.ndarray:
    """Listings whose length a personal speed must not change: interviews, calls, sessions."""
    words = title.astype("string").str.contains(FIXED_LENGTH_WORDS, regex=True, na=False).to_numpy(dtype=bool)
    return platform.isin(FIXED_LENGTH_PLATFORMS).to_numpy() | words
