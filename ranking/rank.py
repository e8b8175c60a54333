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
from ranking.currency import MissingRate
from ranking.effective_pay import Rates, rates_of
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


@dataclass(frozen=True)
class Prepared:
    """The part of ranking no profile changes, computed once for all of them: time estimates (with the person's
    speed), unpaid-time risks, rates in US dollars, demotions, the notes every profile shares and the rank order."""

    table: pa.Table
    minutes: pd.DataFrame
    rates: Rates
    p_screen_out: np.ndarray
    no_rate: np.ndarray
    currencies: np.ndarray
    flags: pa.Array
    demoted: np.ndarray
    sources: np.ndarray
    # Each row's shared reasons, as an index into (reasons before "below your minimum", reasons after it).
    shared_reasons: np.ndarray
    reason_parts: list[tuple[list[str], list[str]]]
    order: np.ndarray


def prepare(listings: pa.Table, inputs: RankingInputs) -> Prepared:
    """What every profile's ranking of these listings shares; estimates are read from the table when it has them."""
    frame = compute_frame(listings)
    minutes = _minutes(listings, frame, inputs)
    to_usd = 1 / frame["reward_currency"].map(inputs.per_usd).astype(float).replace(0, np.nan).to_numpy()
    flags = as_string_lists(listings["flags"])
    risks = unpaid_risks(frame, inputs.reputation, rows_with_any(flags, SCREENING_FLAGS))
    rates = rates_of(
        frame["reward_amount"].to_numpy(dtype=float) * to_usd,
        frame["reward_max"].to_numpy(dtype=float) * to_usd,
        frame["screen_out_reward"].to_numpy(dtype=float) * to_usd,
        frame["pay_basis"].eq("per_hour").to_numpy(),
        minutes,
        risks,
    )
    demoting = {flag: rows_with_any(flags, {flag}) for flag in DEMOTING_FLAGS}
    demoted = np.logical_or.reduce(list(demoting.values())) if len(frame) else np.zeros(0, dtype=bool)
    notes_before = [
        (risks["p_screen_out"].to_numpy(dtype=float) >= SCREEN_OUT_RISK, "screen-out risk"),
        (risks["rejects_often"].to_numpy(dtype=bool), "requester rejects often"),
    ]
    notes_after = [
        (minutes["weak_estimate"].to_numpy(dtype=bool), "weak time estimate"),
        (frame["reward_amount"].eq(0).to_numpy(), UNPAID),
        *_personal_speed(frame, inputs)[1],
        *((mask, f"demoted: {DEMOTING_FLAGS[flag]}") for flag, mask in demoting.items()),
        *((rows_with_any(flags, {flag}), text) for flag, text in NOTED_FLAGS.items()),
    ]
    sources = minutes["minutes_source"].to_numpy(dtype=object)
    shared, parts = _combinations(sources, notes_before, notes_after)
    return Prepared(
        table=listings,
        minutes=minutes,
        rates=rates,
        p_screen_out=risks["p_screen_out"].to_numpy(dtype=float),
        no_rate=np.isnan(to_usd),
        currencies=frame["reward_currency"].to_numpy(dtype=object),
        flags=flags,
        demoted=demoted,
        sources=sources,
        shared_reasons=shared,
        reason_parts=parts,
        order=_rank_order(demoted, rates.rate_per_hour, listings),
    )


def rank_listings(listings: pa.Table | Prepared, profile: Profile, inputs: RankingInputs, run_id: str) -> pa.Table:
    """Every eligible listing with its expected hourly rate, band and rank; under-minimum rows kept, marked.

    Pass `prepare(listings, inputs)` to rank many profiles from one preparation. Rows stay in the input's order
    (moving every column into rank order cost a second per million rows); read them by `rank`, as the warehouse does.
    """
    prepared = listings if isinstance(listings, Prepared) else prepare(listings, inputs)
    target = profile.min_hourly_rate.currency
    if target not in inputs.per_usd:
        raise MissingRate(f"no exchange rate for the profile currency {target}; add it under [fx] in the config")
    ctx = RuleContext(inputs.blocked.get(profile.name, frozenset()), inputs.done, inputs.per_usd)
    hidden = hidden_by_rule(prepared.table, profile, ctx)
    n_all = prepared.table.num_rows
    keep = ~np.logical_or.reduce(list(hidden.values())) if n_all else np.zeros(0, dtype=bool)
    counts = {RULES[name][1]: int(mask.sum()) for name, mask in hidden.items() if mask.any()}
    if profile.max_minutes is not None:
        too_long = keep & (prepared.minutes["minutes_used"].to_numpy(dtype=float) > profile.max_minutes)
        if too_long.any():
            counts[MAX_MINUTES_REASON] = int(too_long.sum())
            keep &= ~too_long
    # A listing whose pay cannot be converted has no rate to rank by: it is counted by its currency, never guessed.
    unconverted = keep & prepared.no_rate
    if unconverted.any():
        for currency, count in pd.Series(prepared.currencies[unconverted]).value_counts().sort_index().items():
            counts[NO_RATE.format(currency=currency)] = int(count)
        keep &= ~prepared.no_rate
    rows = None if keep.all() else np.flatnonzero(keep)

    def take(values: np.ndarray) -> np.ndarray:
        return values if rows is None else values[rows]

    scale, minimum = inputs.per_usd[target], float(profile.min_hourly_rate.amount)
    rate = take(prepared.rates.rate_per_hour) * scale
    below = ~(rate >= minimum)
    # The profile's own two reasons join each row's shared ones: below its minimum (after the risks), watched (last).
    under = below & ~np.isnan(rate)
    code = (take(prepared.shared_reasons) << 2) | (under.astype(np.int64) << 1)
    code |= take(watched(prepared.table, profile)).astype(np.int64)
    of_row, codes = pd.factorize(code)
    under_text = f"below your minimum of {minimum:g} {target}/h"
    lists = []
    for value in codes.tolist():
        before, after = prepared.reason_parts[value >> 2]
        lists.append(before + [under_text] * (value >> 1 & 1) + after + [WATCHED] * (value & 1))
    table = prepared.table if rows is None else prepared.table.take(pa.array(rows))
    n = table.num_rows
    ranks = np.zeros(n_all, dtype=np.int32)
    ordered = prepared.order[keep[prepared.order]]
    ranks[ordered] = np.arange(1, len(ordered) + 1, dtype=np.int32)
    minutes = prepared.minutes
    computed = {
        **{name: take(minutes[name].to_numpy(dtype=float)) for name in ("minutes_p10", "minutes_used", "minutes_p90")},
        "minutes_source": pa.array(take(prepared.sources), type=pa.string()),
        "rate_per_hour": rate,
        "rate_low": take(prepared.rates.rate_low) * scale,
        "rate_high": take(prepared.rates.rate_high) * scale,
        "p_paid": take(prepared.rates.p_paid),
        "p_screen_out": take(prepared.p_screen_out),
        "p_above_minimum": prepared.rates.p_above(minimum / scale, rows),
        "below_minimum": below,
        "weak_estimate": take(minutes["weak_estimate"].to_numpy(dtype=bool)),
        "demoted": take(prepared.demoted),
        "reasons": pa.array(lists, type=pa.list_(pa.string())).take(pa.array(of_row)),
        "flags": prepared.flags if rows is None else prepared.flags.take(pa.array(rows)),
        "rank": take(ranks),
    }
    columns = {name: table[name] for name in RANKED_COLUMNS if name in table.column_names}
    columns |= {name: v if isinstance(v, pa.Array) else pa.array(v) for name, v in computed.items()}
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
    """Unflagged first, then by expected rate (missing last), ties by platform and listing id; rates equal to nine
    decimals tie, so the last bit of floating-point arithmetic never decides an order."""
    keys = pa.table(
        {
            "demoted": demoted,
            "rate": np.where(np.isnan(rate), -np.inf, np.round(rate, 9)),
            "platform": table["platform"],
            "listing_id": table["listing_id"],
        }
    )
    ascending = [(name, "ascending") for name in ("platform", "listing_id")]
    sort_keys = [("demoted", "ascending"), ("rate", "descending"), *ascending]
    return pc.sort_indices(keys, sort_keys=sort_keys).to_numpy()


def _combinations(
    first: np.ndarray, before: list[tuple[np.ndarray, str]], after: list[tuple[np.ndarray, str]]
) -> tuple[np.ndarray, list[tuple[list[str], list[str]]]]:
    """Each row's index into the distinct reason lists, and those lists in two parts: its time source and the notes
    of `before` whose mask is true for it, then those of `after`. Rows share a handful, so each is built once."""
    notes = before + after
    # Hashing (factorize) rather than sorting (np.unique): this runs over every listing.
    source_of_row, sources = pd.factorize(first)
    combination = source_of_row.astype(np.int64) << len(notes)
    for bit, (mask, _) in enumerate(notes):
        combination |= mask.astype(np.int64) << bit
    of_row, combinations = pd.factorize(combination)
    parts = []
    for code in combinations.tolist():
        texts = [text for bit, (_, text) in enumerate(notes) if code >> bit & 1]
        split = sum(code >> bit & 1 for bit in range(len(before)))
        parts.append(([str(sources[code >> len(notes)]), *texts[:split]], texts[split:]))
    return of_row.astype(np.int64), parts
