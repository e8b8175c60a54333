"""Per-profile ranking by pay per hour of working time, in the profile's currency."""

import numpy as np
import pandas as pd
import pyarrow as pa

from contracts import Profile
from ranking.currency import conversion_factors
from ranking.profile_rules import eligible
from ranking.stated_time import stated_minutes

RANKED_COLUMNS = [
    "profile", "run_id", "rank", "platform", "listing_id", "title", "url", "requester_id", "requester_name",
    "reward_amount", "reward_currency", "minutes", "minutes_kind", "minutes_used", "minutes_source",
    "rate_per_hour", "rate_currency", "below_minimum", "weak_estimate", "reasons", "flags", "source_mode",
]  # fmt: skip


def rank_listings(listings: pa.Table, profile: Profile, per_usd: dict[str, float], run_id: str) -> pa.Table:
    """Every eligible listing with its hourly rate, best first; those under the minimum are kept and marked."""
    frame = listings.to_pandas()
    frame = frame[eligible(frame, profile)].copy() if len(frame) else frame
    target = profile.min_hourly_rate.currency
    time = stated_minutes(frame)
    frame = frame.join(time)
    factor = conversion_factors(frame["reward_currency"], target, per_usd)
    amount = frame["reward_amount"].astype(float) * factor
    hourly = frame["pay_basis"].eq("per_hour")
    frame["rate_per_hour"] = np.where(hourly, amount, amount / frame["minutes_used"] * 60)
    minimum = float(profile.min_hourly_rate.amount)
    frame["below_minimum"] = ~(frame["rate_per_hour"] >= minimum)
    frame["reasons"] = [
        _reasons(row, minimum, target)
        for row in frame[["minutes_source", "rate_per_hour", "flags", "reward_currency"]].itertuples()
    ]
    frame = frame.sort_values(
        ["rate_per_hour", "platform", "listing_id"], ascending=[False, True, True], na_position="last"
    )
    frame["rank"] = np.arange(1, len(frame) + 1, dtype="int32")
    frame["profile"] = profile.name
    frame["run_id"] = run_id
    frame["rate_currency"] = target
    frame["weak_estimate"] = frame["weak_estimate"].astype(bool)
    out = frame[RANKED_COLUMNS].reset_index(drop=True)
    return pa.Table.from_pandas(out, preserve_index=False)


def _reasons(row: tuple, minimum: float, target: str) -> list[str]:
    reasons = [row.minutes_source]
    if pd.isna(row.rate_per_hour):
        reasons.append(f"no exchange rate for {row.reward_currency}")
    elif row.rate_per_hour < minimum:
        reasons.append(f"below your minimum of {minimum:g} {target}/h")
    if row.flags is not None and "rate_card" in list(row.flags):
        reasons.append("rate card, not a listing")
    return reasons
