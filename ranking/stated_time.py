"""The baseline: working minutes from what the listing itself states, with documented corrections."""

import numpy as np
import pandas as pd

# A maximum allowance is not an estimate. MTurk requesters commonly allow several times the expected time;
# without measured times the allowance is used as it is and the row is marked a weak estimate.
MAX_ALLOWED_FACTOR = 1.0
# Transcription takes several minutes of work per audio minute (Rev's own guidance and worker reports: about 4).
AUDIO_WORK_FACTOR = 4.0


SOURCES = np.array(
    [
        "rate card, not a listing",
        "hourly rate",
        "observed average",
        "time from title hint",
        "maximum allowed time",
        "audio length × 4",
        "stated estimate",
        "no stated time",
    ],
    dtype=object,
)


def stated_minutes(listings: pd.DataFrame) -> pd.DataFrame:
    """Columns minutes_used, minutes_source and weak_estimate for every row.

    Preference: the platform's observed average, then the requester's own hint in the title, then the stated time
    by its meaning. Hourly listings need no time: their rate is stated.
    """
    stated = listings["minutes"].to_numpy(dtype=float)
    observed = listings["observed_minutes"].to_numpy(dtype=float)
    hint = listings["title_minutes_hint"].to_numpy(dtype=float)
    max_allowed, audio, unstated = _equals(listings["minutes_kind"], "max_allowed", "audio_length", "")
    by_kind = stated * np.select([max_allowed, audio], [MAX_ALLOWED_FACTOR, AUDIO_WORK_FACTOR], 1.0)
    minutes = np.where(np.isnan(observed), np.where(np.isnan(hint), by_kind, hint), observed)
    # Chosen as indexes into SOURCES: string arrays of a million rows cost more than the arithmetic.
    (hourly,) = _equals(listings["pay_basis"], "per_hour")
    (rate_card,) = _equals(listings["source_mode"], "catalog")
    chosen = np.select(
        [hourly & rate_card, hourly, ~np.isnan(observed), ~np.isnan(hint), max_allowed, audio, ~np.isnan(stated)],
        np.arange(7),
        7,
    )
    source = SOURCES[chosen]
    weak = np.isnan(observed) & np.isnan(hint) & (max_allowed | audio | unstated) & ~hourly
    return pd.DataFrame(
        {"minutes_used": minutes, "minutes_source": source, "weak_estimate": weak}, index=listings.index
    )


def _equals(column: pd.Series, *values: str) -> list[np.ndarray]:
    """column == value for each value, missing read as "", compared once per distinct value rather than per row."""
    codes, uniques = pd.factorize(column)
    names = np.append(np.asarray(uniques, dtype=object), "")
    return [(names == value)[codes] for value in values]
