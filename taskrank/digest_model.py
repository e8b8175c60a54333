"""One data model for a profile's daily digest; every format (Markdown, HTML, CSV, JSON) renders from it."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from contracts import Profile

# Shown "just under your minimum" down to this share of it; watched requesters join the top list from there too.
UNDER_SHARE = 0.8
CLOSING_WITHIN = timedelta(hours=48)
# "Filling fast": places fell by at least this share since the run before.
FILLING_DROP = 0.2
WATCHED = "watched requester"


@dataclass
class Digest:
    profile: str
    run_id: str
    day: date
    minimum: float
    currency: str
    ranked: int
    health: list[dict]
    hidden: dict[str, int]
    top: list[dict] = field(default_factory=list)
    new: list[dict] = field(default_factory=list)
    closing: list[dict] = field(default_factory=list)
    filling: list[dict] = field(default_factory=list)
    under: list[dict] = field(default_factory=list)
    rate_cards: list[dict] = field(default_factory=list)
    week: list[dict] = field(default_factory=list)
    # Listings each section had beyond the digest's size, so a cut list says how many more there are.
    more: dict[str, int] = field(default_factory=dict)
    first_run: bool = False
    undated: int = 0

    @property
    def broken(self) -> list[dict]:
        return [s for s in self.health if s["health"] in {"broken", "failed"}]


def build_digest(
    profile: Profile,
    run_id: str,
    day: date,
    observed_at: datetime | None,
    rows: list[dict],
    health: list[dict],
    hidden: dict[str, int],
    week: list[dict],
    per_usd: dict[str, float],
    size: int,
    first_run: bool = False,
    undated: int = 0,
) -> Digest:
    """The digest's sections from the ranked rows (in rank order) and the week's work log; on a first run nothing is
    "new" (everything is); `undated` counts work-log rows the week could not place."""
    minimum, currency = float(profile.min_hourly_rate.amount), profile.min_hourly_rate.currency
    # Numbered among listings only, so rate cards and demoted rows leave no gaps in the digest's ranks.
    shown = (
        r for r in rows if r.get("source_mode") != "catalog" and not r.get("demoted") and not _expired(r, observed_at)
    )
    listings = [r | {"rank": rank} for rank, r in enumerate(shown, 1)]
    floor = UNDER_SHARE * minimum
    near = [r for r in listings if _rate(r) >= floor]
    digest = Digest(profile.name, run_id, day, minimum, currency, len(rows), health, hidden, first_run=first_run)
    soon = observed_at + CLOSING_WITHIN if observed_at is not None else None
    sections = {
        "top": [r for r in listings if not r["below_minimum"] or (WATCHED in _reasons(r) and _rate(r) >= floor)],
        "new": [] if first_run else [r for r in listings if r.get("first_run_id") == run_id and not r["below_minimum"]],
        "closing": [r for r in listings if soon and r.get("expires_at") and observed_at <= r["expires_at"] <= soon],
        "filling": [r for r in listings if _filling(r)],
        "under": [r for r in near if r["below_minimum"]],
    }
    for name, section in sections.items():
        setattr(digest, name, section[:size])
        if len(section) > size:
            digest.more[name] = len(section) - size
    # Rate cards for the platforms the profile works on, when it names them; every platform's when it does not.
    digest.rate_cards = [
        r
        for r in rows
        if r.get("source_mode") == "catalog" and (not profile.platforms or r["platform"] in profile.platforms)
    ]
    digest.week = _week(week, currency, minimum, per_usd)
    digest.undated = undated
    return digest


def _week(rows: list[dict], currency: str, minimum: float, per_usd: dict[str, float]) -> list[dict]:
    """Per platform, earned in the profile's currency over hours logged, against the minimum."""
    totals: dict[str, dict[str, float]] = {}
    for row in rows:
        rate = per_usd.get(currency, 0) / per_usd[row["currency"]] if row["currency"] in per_usd else None
        entry = totals.setdefault(row["platform"], {"tasks": 0, "minutes": 0.0, "earned": 0.0, "unconverted": 0})
        entry["tasks"] += row["tasks"]
        entry["minutes"] += row["minutes"] or 0.0
        if rate is None:
            entry["unconverted"] += row["tasks"]
        else:
            entry["earned"] += (row["earned"] or 0.0) * rate
    week = []
    for platform, entry in sorted(totals.items()):
        per_hour = entry["earned"] / entry["minutes"] * 60 if entry["minutes"] else None
        week.append({"platform": platform, "tasks": int(entry["tasks"]), "hours": entry["minutes"] / 60,
                     "earned": entry["earned"], "per_hour": per_hour,
                     "below_minimum": per_hour is not None and per_hour < minimum})  # fmt: skip
    return week


def _expired(row: dict[str, Any], observed_at: datetime | None) -> bool:
    """A listing whose stated expiry has passed by the run's time is closed, whatever the last crawl saw."""
    expires = row.get("expires_at")
    return observed_at is not None and isinstance(expires, datetime) and expires < observed_at


def _filling(row: dict[str, Any]) -> bool:
    now, before = row.get("places_now"), row.get("places_before")
    return bool(before) and now is not None and now <= before * (1 - FILLING_DROP)


def _rate(row: dict[str, Any]) -> float:
    rate = row.get("rate_per_hour")
    return rate if isinstance(rate, int | float) and rate == rate else float("-inf")


def _reasons(row: dict[str, Any]) -> list[str]:
    return list(row.get("reasons") or [])
