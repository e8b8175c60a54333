"""The platform catalog (contracts/platforms.toml) as rate cards: each platform's typical pay, net of its fee, as a
per-hour pseudo-listing, so platforms without listings still show up, marked, in ranked tables."""

import tomllib
from typing import Any

from pydantic import ValidationError

from contracts.catalog import Catalog, PlatformEntry
from spiders.records import Candidate, Page, PageContext, malformed, per_record


def parse_page(body: str, ctx: PageContext) -> Page:
    try:
        catalog = Catalog.model_validate(tomllib.loads(body))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        return malformed(f"not a platform catalog: {str(exc).splitlines()[0]}", body, ctx)
    # Platforms crawled in this run show their own listings; those without a listing feed keep their card beside.
    cards = [
        (key, entry)
        for key, entry in sorted(catalog.platforms.items())
        if entry.typical_pay is not None and (entry.needs_rate_card or key not in ctx.run_sources)
    ]
    return Page(records=[rate_card(key, entry, catalog) for key, entry in cards])


@per_record
def rate_card(key: str, entry: PlatformEntry, catalog: Catalog) -> Candidate:
    """A per-hour card spanning the typical range, net of the platform's fee."""
    pay = entry.typical_pay
    net = 1 - (entry.platform_fee_share or 0.0)
    generic = " (a category-wide figure, not this platform's own)" if pay.generic else ""
    fee = f"; after the platform's {entry.platform_fee_share:.0%} fee" if entry.platform_fee_share else ""
    notes = [f"Typical pay {pay.low:g}–{pay.high:g} {pay.currency}/h{generic}{fee}."]
    notes.append(f"Source: {catalog.sources[pay.source]}.")
    if entry.fee_source:
        notes.append(f"Fee: {catalog.sources[entry.fee_source]}.")
    if entry.notes:
        notes.append(entry.notes)
    fields: dict[str, Any] = {
        "platform": key,
        "listing_id": "rate-card",
        "url": entry.url,
        "title": f"{entry.name}: rate card, typically {pay.low * net:.2f}–{pay.high * net:.2f} {pay.currency}/h",
        "description": " ".join(notes),
        "category": "rate card",
        "reward": {"amount": round(pay.low * net, 2), "currency": pay.currency},
        "reward_max": round(pay.high * net, 2),
        "pay_basis": "per_hour",
        "flags": ["rate_card"],
    }
    return Candidate(fields=fields, raw={"platform": key})
