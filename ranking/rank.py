"""Per-profile ranking by expected pay per hour of real time, in the profile's currency."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from contracts import Profile
from ranking.currency import conversion_factors
from ranking.effective_pay import expected_rates
from ranking.model_store import TrainedModel
from ranking.profile_rules import eligible
from ranking.reputation import Reputation, unpaid_risks
from ranking.time_estimate import estimate_minutes

RANKED_COLUMNS = [
    "profile", "run_id", "rank", "platform", "listing_id", "title", "url", "requester_id", "requester_name",
    "reward_amount", "reward_currency", "minutes", "minutes_kind", "minutes_p10", "minutes_used", "minutes_p90",
    "minutes_source", "rate_per_hour", "rate_low", "rate_high", "rate_currency", "p_paid", "p_above_minimum",
    "below_minimum", "weak_estimate", "demoted", "reasons", "flags", "source_mode",
]  # fmt: skip

# Flags that push a listing below every unflagged one, with the reason shown to the person.
DEMOTING_FLAGS = {
    "upfront_fee": "asks for an upfront fee",
    "off_platform": "payment or contact off the platform",
    "personal_data": "asks for personal data",
    "social_engagement": "social-media follow/like/sign-up task",
}
NOTED_FLAGS = {"multi_day": "multi-day study", "in_study_screening": "screens inside the study"}
SCREEN_OUT_RISK = 0.2


@dataclass(frozen=True)
class RankingInputs:
    """Everything beside the listings that ranking reads; all optional except exchange rates."""

    per_usd: dict[str, float]
    model: TrainedModel | None = None
    history: pd.DataFrame | None = None
    reputation: Reputation | None = None
    speed: tuple[float, int] = (1.0, 0)


def rank_listings(listings: pa.Table, profile: Profile, inputs: RankingInputs, run_id: str) -> pa.Table:
    """Every eligible listing with its expected hourly rate and band, best first; under-minimum rows kept, marked."""
    frame = listings.to_pandas()
    frame = frame[eligible(frame, profile)].reset_index(drop=True) if len(frame) else frame
    target = profile.min_hourly_rate.currency
    minimum = float(profile.min_hourly_rate.amount)
    factor, logged = inputs.speed
    frame = frame.join(estimate_minutes(frame, inputs.per_usd, inputs.model, inputs.history, factor))
    risks = unpaid_risks(frame, inputs.reputation)
    to_target = conversion_factors(frame["reward_currency"], target, inputs.per_usd).to_numpy(dtype=float)
    rates = expected_rates(
        frame["reward_amount"].to_numpy(dtype=float) * to_target,
        frame["reward_max"].to_numpy(dtype=float) * to_target,
        frame["screen_out_reward"].to_numpy(dtype=float) * to_target,
        frame["pay_basis"].eq("per_hour").to_numpy(),
        frame,
        risks,
        minimum,
    )
    frame = frame.join(rates)
    frame["below_minimum"] = ~(frame["rate_per_hour"] >= minimum)
    flags = frame["flags"].map(lambda f: list(f) if f is not None else [])
    frame["demoted"] = flags.map(lambda f: any(x in DEMOTING_FLAGS for x in f)).astype(bool)
    frame["reasons"] = _reasons(frame, risks, flags, minimum, target, factor, logged)
    frame = frame.sort_values(
        ["demoted", "rate_per_hour", "platform", "listing_id"],
        ascending=[True, False, True, True],
        na_position="last",
        kind="stable",
    )
    frame["rank"] = np.arange(1, len(frame) + 1, dtype="int32")
    frame["profile"] = profile.name
    frame["run_id"] = run_id
    frame["rate_currency"] = target
    frame["weak_estimate"] = frame["weak_estimate"].astype(bool)
    out = frame[RANKED_COLUMNS].reset_index(drop=True)
    return pa.Table.from_pandas(out, preserve_index=False)


def _reasons(
    frame: pd.DataFrame,
    risks: pd.DataFrame,
    flags: pd.Series,
    minimum: float,
    target: str,
    factor: float,
    logged: int,
) -> list[list[str]]:
    reasons = [[s] for s in frame["minutes_source"].to_numpy()]
    notes = [
        (frame["rate_per_hour"].isna(), "no exchange rate for the listing's currency"),
        (risks["p_screen_out"].ge(SCREEN_OUT_RISK), "screen-out risk"),
        (risks["rejects_often"], "requester rejects often"),
        (frame["below_minimum"] & frame["rate_per_hour"].notna(), f"below your minimum of {minimum:g} {target}/h"),
        (frame["weak_estimate"], "weak time estimate"),
    ]
    if logged:
        notes.append((pd.Series(True, index=frame.index), f"your speed ×{factor:.2f} from {logged} logged tasks"))
    for mask, text in notes:
        for i in np.flatnonzero(mask.to_numpy(dtype=bool)):
            reasons[i].append(text)
    for i in np.flatnonzero(flags.map(len).to_numpy() > 0):
        for flag in flags.iat[i]:
            if flag in DEMOTING_FLAGS:
                reasons[i].append(f"demoted: {DEMOTING_FLAGS[flag]}")
            elif flag in NOTED_FLAGS:
                reasons[i].append(NOTED_FLAGS[flag])
    return reasons
