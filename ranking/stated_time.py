"""The baseline: working minutes from what the listing itself states, with documented corrections."""

import numpy as np
import pandas as pd

# A maximum allowance is not an estimate. MTurk requesters commonly allow several times the expected time;
# without measured times the allowance is used as it is and the row is marked a weak estimate.
MAX_ALLOWED_FACTOR = 1.0
# Transcription takes several minutes of work per audio minute (Rev's own guidance and worker reports: about 4).
AUDIO_WORK_FACTOR = 4.0


def stated_minutes(listings: pd.DataFrame) -> pd.DataFrame:
    """Columns minutes_used, minutes_source and weak_estimate for every row.

    Preference: the platform's observed average, then the requester's own hint in the title, then the stated time
    by its meaning. Hourly listings need no time: their rate is stated.
    """
    stated = listings["minutes"].astype(float)
    kind = listings["minutes_kind"].fillna("")
    observed = listings["observed_minutes"].astype(float)
    hint = listings["title_minutes_hint"].astype(float)
    factor = np.select([kind.eq("max_allowed"), kind.eq("audio_length")], [MAX_ALLOWED_FACTOR, AUDIO_WORK_FACTOR], 1.0)
    by_kind = stated * factor
    minutes = observed.fillna(hint).fillna(by_kind)
    source = np.select(
        [observed.notna(), hint.notna(), kind.eq("max_allowed"), kind.eq("audio_length"), stated.notna()],
        [
            "observed average",
            "time from title hint",
            "maximum allowed time",
            "audio length × 4",
            "stated estimate",
        ],
        "no stated time",
    )
    hourly = listings["pay_basis"].eq("per_hour")
    rate_card = listings["source_mode"].eq("catalog")
    source = np.where(hourly, np.where(rate_card, "rate card, not a listing", "hourly rate"), source)
    weak = observed.isna() & hint.isna() & kind.isin(["max_allowed", "audio_length", ""]) & ~hourly
    return pd.DataFrame(
        {"minutes_used": minutes, "minutes_source": source, "weak_estimate": weak}, index=listings.index
    )
