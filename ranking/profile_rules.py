"""Which listings a profile will consider: one pure function per rule, each a mask of the rows it hides.

A fact a page does not state (NULL) never hides a listing: "unverified" and "unknown" are not the same.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from contracts import Profile
from ranking.currency import conversion_factors
from ranking.list_columns import as_string_lists, list_lengths, rows_with_any


@dataclass(frozen=True)
class RuleContext:
    """What rules read beside the listings: the profile's block list in the warehouse and the work log."""

    blocked: frozenset[tuple[str, str]] = frozenset()  # (platform, requester id)
    done: frozenset[tuple[str, str]] = frozenset()  # (platform, listing id) done, returned or screened out
    per_usd: dict[str, float] = field(default_factory=dict)


def keyword_pattern(keywords: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern for keywords where * matches any run of characters and ? one character."""
    parts = []
    for word in keywords:
        escaped = re.escape(word.strip()).replace(r"\*", r"\w*").replace(r"\?", r"\w")
        if escaped:
            parts.append(rf"\b{escaped}\b")
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def other_platform(listings: pa.Table, profile: Profile, ctx: RuleContext) -> np.ndarray:
    return ~_is_in(listings["platform"], profile.platforms) if profile.platforms else _none(listings)


def other_country(listings: pa.Table, profile: Profile, ctx: RuleContext) -> np.ndarray:
    if not profile.country:
        return _none(listings)
    countries = as_string_lists(listings["countries"])
    return ~((list_lengths(countries) == 0) | rows_with_any(countries, {profile.country}))


def keywords(listings: pa.Table, profile: Profile, ctx: RuleContext) -> np.ndarray:
    include, exclude = keyword_pattern(profile.include_keywords), keyword_pattern(profile.exclude_keywords)
    hidden = _none(listings)
    if include is None and exclude is None:
        return hidden
    text = _text(listings)
    if include is not None:
        hidden |= ~text.str.contains(include).to_numpy(dtype=bool)
    if exclude is not None:
        hidden |= text.str.contains(exclude).to_numpy(dtype=bool)
    return hidden


def blocked_requester(listings: pa.Table, profile: Profile, ctx: RuleContext) -> np.ndarray:
    hidden = (
        _is_in(listings["requester_id"], profile.blocked_requesters) if profile.blocked_requesters else _none(listings)
    )
    if ctx.blocked:
        hidden |= _pairs_in(listings, "requester_id", ctx.blocked)
    return hidden


def excluded_flag(listings: pa.Table, profile: Profile, ctx: RuleContext) -> np.ndarray:
    if not profile.exclude_flags:
        return _none(listings)
    return rows_with_any(as_string_lists(listings["flags"]), set(profile.exclude_flags))


def not_qualified(listings: pa.Table, profile: Profile, ctx: RuleContext) -> np.ndarray:
    return _is_false(listings, "qualified") if profile.qualified_only else _none(listings)


def small_reward(listings: pa.Table, profile: Profile, ctx: RuleContext) -> np.ndarray:
    if profile.min_reward is None:
        return _none(listings)
    currency = listings["reward_currency"].to_pandas()
    factors = conversion_factors(currency, profile.min_hourly_rate.currency, ctx.per_usd).to_numpy(dtype=float)
    reward = listings["reward_amount"].cast(pa.float64()).to_numpy(zero_copy_only=False) * factors
    per_task = pc.equal(listings["pay_basis"], "per_task").to_numpy(zero_copy_only=False)
    return per_task & (reward < float(profile.min_reward))


def already_done(listings: pa.Table, profile: Profile, ctx: RuleContext) -> np.ndarray:
    return _pairs_in(listings, "listing_id", ctx.done) if profile.hide_done and ctx.done else _none(listings)


def unverified_client(listings: pa.Table, profile: Profile, ctx: RuleContext) -> np.ndarray:
    return _is_false(listings, "client_payment_verified") if profile.client_payment_verified else _none(listings)


def low_client_spend(listings: pa.Table, profile: Profile, ctx: RuleContext) -> np.ndarray:
    if profile.min_client_spend is None:
        return _none(listings)
    return _below(listings, "client_total_spent", float(profile.min_client_spend))


def low_client_rating(listings: pa.Table, profile: Profile, ctx: RuleContext) -> np.ndarray:
    if profile.min_client_rating is None:
        return _none(listings)
    return _below(listings, "client_rating", profile.min_client_rating)


def many_proposals(listings: pa.Table, profile: Profile, ctx: RuleContext) -> np.ndarray:
    if profile.max_proposals is None or "proposals_min" not in listings.column_names:
        return _none(listings)
    seen = listings["proposals_min"].to_numpy(zero_copy_only=False).astype(float)
    return seen >= profile.max_proposals


def other_device(listings: pa.Table, profile: Profile, ctx: RuleContext) -> np.ndarray:
    if not profile.devices or "devices" not in listings.column_names:
        return _none(listings)
    devices = as_string_lists(listings["devices"])
    return (list_lengths(devices) > 0) & ~rows_with_any(devices, set(profile.devices))


Rule = Callable[[pa.Table, Profile, RuleContext], np.ndarray]
# Each rule with the reason people read for what it hid.
RULES: dict[str, tuple[Rule, str]] = {
    "platform": (other_platform, "hidden: platform not in your list"),
    "country": (other_country, "hidden: not open in your country"),
    "keywords": (keywords, "hidden: keywords"),
    "blocked": (blocked_requester, "hidden: blocked requester"),
    "flags": (excluded_flag, "hidden: a flag you excluded"),
    "qualified": (not_qualified, "hidden: not qualified"),
    "min_reward": (small_reward, "hidden: reward under your minimum reward"),
    "done": (already_done, "hidden: already done, returned or screened out"),
    "client_payment": (unverified_client, "hidden: client payment not verified"),
    "client_spend": (low_client_spend, "hidden: client spent less than your minimum"),
    "client_rating": (low_client_rating, "hidden: client rated under your minimum"),
    "proposals": (many_proposals, "hidden: too many proposals already"),
    "devices": (other_device, "hidden: not for your devices"),
}
# Applied after time is estimated; ranking reports it with the others.
MAX_MINUTES_REASON = "hidden: longer than your maximum minutes"


def hidden_by_rule(listings: pa.Table, profile: Profile, ctx: RuleContext) -> dict[str, np.ndarray]:
    """Per rule, the rows it hides (a row may be hidden by several)."""
    return {name: rule(listings, profile, ctx) for name, (rule, _) in RULES.items()}


def watched(listings: pa.Table, profile: Profile) -> np.ndarray:
    if not profile.watched_requesters:
        return _none(listings)
    return _is_in(listings["requester_id"], profile.watched_requesters)


def _none(listings: pa.Table) -> np.ndarray:
    return np.zeros(listings.num_rows, dtype=bool)


def _is_false(listings: pa.Table, column: str) -> np.ndarray:
    if column not in listings.column_names:
        return _none(listings)
    return pc.fill_null(pc.equal(listings[column], False), False).to_numpy(zero_copy_only=False)


def _below(listings: pa.Table, column: str, limit: float) -> np.ndarray:
    if column not in listings.column_names:
        return _none(listings)
    values = listings[column].cast(pa.float64()).to_numpy(zero_copy_only=False)
    return values < limit  # NaN (not stated) compares False


def _pairs_in(listings: pa.Table, column: str, pairs: frozenset[tuple[str, str]]) -> np.ndarray:
    keys = pc.binary_join_element_wise(
        listings["platform"].cast(pa.string()), listings[column].cast(pa.string()), "\x1f"
    )
    wanted = pa.array(sorted(f"{a}\x1f{b}" for a, b in pairs), type=pa.string())
    return pc.fill_null(pc.is_in(keys, value_set=wanted), False).to_numpy(zero_copy_only=False)


def _is_in(column: pa.ChunkedArray, values: list[str]) -> np.ndarray:
    found = pc.is_in(column.cast(pa.string()), value_set=pa.array(values, type=pa.string()))
    return pc.fill_null(found, False).to_numpy(zero_copy_only=False)


def _text(listings: pa.Table) -> pd.Series:
    title = listings["title"].cast(pa.string()).to_pandas().fillna("")
    description = listings["description"].cast(pa.string()).to_pandas().fillna("")
    return (title + " " + description).astype(object)
