"""Per-profile ranking by expected pay per hour of real time, in the profile's currency.

Listings stay in Arrow: only the columns the arithmetic needs become pandas/numpy, the ranked table is the input's
columns taken in rank order beside the computed ones, and reasons are built as one list array from row masks.
"""

import json
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from contracts import RANKED_COLUMNS, Profile
from ranking.calibration import fixed_length
from ranking.currency import conversion_factors
from ranking.effective_pay import expected_rates
from ranking.estimates import ESTIMATE_COLUMNS
from ranking.list_columns import as_string_lists, rows_with_any
from ranking.model_store import TrainedModel
from ranking.profile_rules import MAX_MINUTES_REASON, RULES, RuleContext, hidden_by_rule, watched
from ranking.reputation import SCREENING_FLAGS, Reputation, unpaid_risks
from ranking.time_estimate import estimate_minutes

# Input columns the arithmetic reads; the rest of the ranked row is taken from the input table as it is.
COMPUTE_COLUMNS = [
    "platform", "category", "minutes", "minutes_kind", "pay_basis", "reward_amount", "reward_currency", "reward_max",
    "screen_out_reward", "requester_id", "observed_minutes", "title_minutes_hint", "description_minutes_hint",
    "requirements_count", "places_available", "source_mode",
]  # fmt: skip
TEXT_COLUMNS = ["title", "description"]

# Flags that push a listing below every unflagged one, with the reason shown to the person.
DEMOTING_FLAGS = {
    "upfront_fee": "asks for an upfront fee",
    "off_platform": "payment or contact off the platform",
    "personal_data": "asks for personal data",
    "social_engagement": "social-media follow/like/sign-up task",
}
NOTED_FLAGS = {"multi_day": "multi-day study", "in_study_screening": "screens inside the study"}
SCREEN_OUT_RISK = 0.2
WATCHED = "watched requester"
# A $0.00 listing is kept as the page shows it; its rate of 0 ranks it below all paid work.
UNPAID = "pays nothing up front (a compensation or bonus-paid task)"
HIDDEN_KEY = "hidden_by_rule"
NO_RATE = "not ranked: no exchange rate for {currency}; add it under [fx] in the config"


@dataclass(frozen=True)
class RankingInputs:
    """Everything beside the listings that ranking reads; all optional except exchange rates."""

    per_usd: dict[str, float]
    model: TrainedModel | None = None
    history: pa.Table | None = None
    reputation: Reputation | None = None
    # Per platform, the person's speed factor and how many of their logged tasks it rests on.
    speed: dict[str, tuple[float, int]] = field(default_factory=dict)
    # Per profile, (platform, requester id) pairs blocked in the warehouse; and listings the work log shows done.
    blocked: dict[str, frozenset[tuple[str, str]]] = field(default_factory=dict)
    done: frozenset[tuple[str, str]] = frozenset()


def rank_listings(listings: pa.Table, profile: Profile, inputs: RankingInputs, run_id: str) -> pa.Table:
    """Every eligible listing with its expected hourly rate, band and rank; under-minimum rows kept, marked.

    Rows stay in the input's order (moving every column into rank order cost a second per million rows); read them
    by `rank`, as the warehouse does.
    """
    ctx = RuleContext(inputs.blocked.get(profile.name, frozenset()), inputs.done, inputs.per_usd)
    hidden = hidden_by_rule(listings, profile, ctx)
    keep = ~np.logical_or.reduce(list(hidden.values())) if listings.num_rows else np.zeros(0, dtype=bool)
    table = listings if keep.all() else listings.filter(pa.array(keep))
    frame = compute_frame(table)
    minutes = _minutes(table, frame, inputs)
    too_long = np.zeros(len(frame), dtype=bool)
    if profile.max_minutes is not None:
        too_long = minutes["minutes_used"].to_numpy(dtype=float) > profile.max_minutes
        if too_long.any():
            table = table.filter(pa.array(~too_long))
            frame, minutes = (f[~too_long].reset_index(drop=True) for f in (frame, minutes))
    counts = {RULES[name][1]: int(mask.sum()) for name, mask in hidden.items() if mask.any()}
    if too_long.any():
        counts[MAX_MINUTES_REASON] = int(too_long.sum())
    # A listing whose pay cannot be converted has no rate to rank by: it is counted by its currency, never guessed.
    no_rate = ~frame["reward_currency"].isin(list(inputs.per_usd)).to_numpy()
    if no_rate.any():
        for currency, count in frame.loc[no_rate, "reward_currency"].value_counts().sort_index().items():
            counts[NO_RATE.format(currency=currency)] = int(count)
        table = table.filter(pa.array(~no_rate))
        frame, minutes = (f[~no_rate].reset_index(drop=True) for f in (frame, minutes))
    flags = as_string_lists(table["flags"])
    target = profile.min_hourly_rate.currency
    minimum = float(profile.min_hourly_rate.amount)

    risks = unpaid_risks(frame, inputs.reputation, rows_with_any(flags, SCREENING_FLAGS))
    to_target = conversion_factors(frame["reward_currency"], target, inputs.per_usd).to_numpy(dtype=float)
    rates = expected_rates(
        frame["reward_amount"].to_numpy(dtype=float) * to_target,
        frame["reward_max"].to_numpy(dtype=float) * to_target,
        frame["screen_out_reward"].to_numpy(dtype=float) * to_target,
        frame["pay_basis"].eq("per_hour").to_numpy(),
        minutes,
        risks,
        minimum,
    )
    rate = rates["rate_per_hour"].to_numpy(dtype=float)
    below = ~(rate >= minimum)
    demoting = {flag: rows_with_any(flags, {flag}) for flag in DEMOTING_FLAGS}
    demoted = np.logical_or.reduce(list(demoting.values())) if len(table) else np.zeros(0, dtype=bool)
    notes = [
        (risks["p_screen_out"].to_numpy(dtype=float) >= SCREEN_OUT_RISK, "screen-out risk"),
        (risks["rejects_often"].to_numpy(dtype=bool), "requester rejects often"),
        (below & ~np.isnan(rate), f"below your minimum of {minimum:g} {target}/h"),
        (minutes["weak_estimate"].to_numpy(dtype=bool), "weak time estimate"),
        (frame["reward_amount"].eq(0).to_numpy(), UNPAID),
    ]
    notes += _personal_speed(frame, inputs)[1]
    notes += [(mask, f"demoted: {DEMOTING_FLAGS[flag]}") for flag, mask in demoting.items()]
    notes += [(rows_with_any(flags, {flag}), text) for flag, text in NOTED_FLAGS.items()]
    notes.append((watched(table, profile), WATCHED))

    sources = minutes["minutes_source"].to_numpy(dtype=object)
    computed = {
        "minutes_p10": minutes["minutes_p10"].to_numpy(dtype=float),
        "minutes_used": minutes["minutes_used"].to_numpy(dtype=float),
        "minutes_p90": minutes["minutes_p90"].to_numpy(dtype=float),
        "minutes_source": pa.array(sources, type=pa.string()),
        **{c: rates[c].to_numpy(dtype=float) for c in ("rate_per_hour", "rate_low", "rate_high", "p_paid")},
        "p_above_minimum": rates["p_above_minimum"].to_numpy(dtype=float),
        "below_minimum": below,
        "weak_estimate": minutes["weak_estimate"].to_numpy(dtype=bool),
        "demoted": demoted,
        "reasons": _reasons(sources, notes),
        "flags": flags,
    }
    n = len(table)
    rank = np.empty(n, dtype=np.int32)
    rank[_rank_order(demoted, rate, table)] = np.arange(1, n + 1, dtype=np.int32)
    columns = {name: table[name] for name in RANKED_COLUMNS if name in table.column_names}
    columns |= {name: v if isinstance(v, pa.Array) else pa.array(v) for name, v in computed.items()}
    columns["rank"] = pa.array(rank)
    for name, value in (("profile", profile.name), ("run_id", run_id), ("rate_currency", target)):
        columns[name] = pa.DictionaryArray.from_arrays(np.zeros(n, dtype=np.int32), pa.array([value]))
    ranked = pa.table({name: columns[name] for name in RANKED_COLUMNS})
    return ranked.replace_schema_metadata({HIDDEN_KEY: json.dumps(counts)})


def _personal_speed(frame: pd.DataFrame, inputs: RankingInputs) -> tuple[np.ndarray, list[tuple[np.ndarray, str]]]:
    """Each row's speed factor (its platform's; 1 for fixed-length work) and the reasons that say which applied."""
    factor = np.ones(len(frame))
    notes = []
    if not inputs.speed:
        return factor, notes
    fixed = fixed_length(frame["platform"], frame["title"])
    for platform, (value, tasks) in sorted(inputs.speed.items()):
        on_platform = frame["platform"].eq(platform).to_numpy()
        applied = on_platform & ~fixed
        factor[applied] = value
        notes.append((applied, f"your speed on {platform} ×{value:.2f}, from {tasks} of your tasks"))
        notes.append((on_platform & fixed, f"fixed length: your speed on {platform} not applied"))
    return factor, notes


def not_ranked(hidden: dict[str, int]) -> dict[str, int]:
    """The listings left unranked for want of an exchange rate, by the line that names the currency."""
    prefix = NO_RATE.split("{", 1)[0]
    return {reason: count for reason, count in hidden.items() if reason.startswith(prefix)}


def hidden_counts(ranked: pa.Table) -> dict[str, int]:
    """How many listings each profile rule hid from this ranking, by the reason people read."""
    metadata = ranked.schema.metadata or {}
    return json.loads(metadata.get(HIDDEN_KEY.encode(), b"{}"))


def compute_frame(table: pa.Table) -> pd.DataFrame:
    """The numeric and category columns as pandas; title and description stay Arrow-backed strings."""
    frame = table.select(COMPUTE_COLUMNS).to_pandas()
    for name in TEXT_COLUMNS:
        frame[name] = pd.Series(pd.arrays.ArrowExtensionArray(table[name].cast(pa.string())), index=frame.index)
    return frame


def _minutes(table: pa.Table, frame: pd.DataFrame, inputs: RankingInputs) -> pd.DataFrame:
    """The listings' stored estimates when the table carries them (no model call), else estimated here; then the
    person's speed on each platform."""
    speed = _personal_speed(frame, inputs)[0]
    if not set(ESTIMATE_COLUMNS) <= set(table.column_names):
        return estimate_minutes(frame, inputs.per_usd, inputs.model, inputs.history, speed)
    minutes = table.select(ESTIMATE_COLUMNS).to_pandas()
    for name in ("minutes_p10", "minutes_used", "minutes_p90"):
        minutes[name] = minutes[name].to_numpy(dtype=float) * speed
    return minutes


def _rank_order(demoted: np.ndarray, rate: np.ndarray, table: pa.Table) -> np.ndarray:
    """Unflagged first, then by expected rate (missing last), ties by platform and listing id."""
    keys = pa.table(
        {
            "demoted": demoted,
            "rate": np.where(np.isnan(rate), -np.inf, rate),
            "platform": table["platform"],
            "listing_id": table["listing_id"],
        }
    )
    ascending = [(name, "ascending") for name in ("platform", "listing_id")]
    sort_keys = [("demoted", "ascending"), ("rate", "descending"), *ascending]
    return pc.sort_indices(keys, sort_keys=sort_keys).to_numpy()


def _reasons(first: np.ndarray, notes: list[tuple[np.ndarray, str]]) -> pa.Array:
    """Per row: its time source, then every note whose mask is true for it, in the order given.

    Rows share a handful of combinations, so each combination's list is built once and every row takes its own.
    """
    # Hashing (factorize) rather than sorting (np.unique): this runs once per profile over every listing.
    source_of_row, sources = pd.factorize(first)
    combination = source_of_row.astype(np.int64) << len(notes)
    for bit, (mask, _) in enumerate(notes):
        combination |= mask.astype(np.int64) << bit
    of_row, combinations = pd.factorize(combination)
    lists = [
        [str(sources[code >> len(notes)]), *(text for bit, (_, text) in enumerate(notes) if code >> bit & 1)]
        for code in combinations.tolist()
    ]
    return pa.array(lists, type=pa.list_(pa.string())).take(pa.array(of_row))
