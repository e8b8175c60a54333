"""Rate cards: catalog rows for platforms nobody crawled, so they still show up, marked, in ranked tables."""

from datetime import datetime
from pathlib import Path

from contracts import Listing, SourceStats
from contracts.catalog import Catalog, PlatformEntry
from contracts.landing import SourceFiles, write_atomic

SOURCE = "catalog"


def rate_card(key: str, entry: PlatformEntry, catalog: Catalog, run_id: str, observed_at: datetime) -> Listing:
    """A per-hour pseudo-listing spanning the typical range, net of the platform's fee."""
    pay = entry.typical_pay
    assert pay is not None
    net = 1 - (entry.platform_fee_share or 0.0)
    generic = " (a category-wide figure, not this platform's own)" if pay.generic else ""
    fee = f"; after the platform's {entry.platform_fee_share:.0%} fee" if entry.platform_fee_share else ""
    notes = [
        f"Typical pay {pay.low:g}–{pay.high:g} {pay.currency}/h{generic}{fee}.",
        f"Source: {catalog.sources[pay.source]}.",
    ]
    if entry.fee_source:
        notes.append(f"Fee: {catalog.sources[entry.fee_source]}.")
    if entry.notes:
        notes.append(entry.notes)
    return Listing(
        platform=key,
        listing_id="rate-card",
        url=entry.url,
        title=f"{entry.name}: rate card, typically {pay.low * net:.2f}–{pay.high * net:.2f} {pay.currency}/h",
        description=" ".join(notes),
        category="rate card",
        reward={"amount": round(pay.low * net, 2), "currency": pay.currency},
        reward_max=round(pay.high * net, 2),
        pay_basis="per_hour",
        observed_at=observed_at,
        source_mode="catalog",
        run_id=run_id,
        flags=["rate_card"],
    )


def rate_cards(catalog: Catalog, crawled: set[str], run_id: str, observed_at: datetime) -> list[Listing]:
    """Cards for platforms without a listing feed, with non-task work (rev's audio), or not crawled this run."""
    return [
        rate_card(key, entry, catalog, run_id, observed_at)
        for key, entry in sorted(catalog.platforms.items())
        if entry.typical_pay is not None and (entry.needs_rate_card or key not in crawled)
    ]


def write_rate_cards(out: Path, cards: list[Listing], run_id: str) -> SourceStats:
    """Landing files like a crawl's: listings, (empty) rejects, then stats last."""
    files = SourceFiles.beside(out)
    stats = SourceStats(source=SOURCE, run_id=run_id, mode="catalog", pages=1, items=len(cards))
    write_atomic(files.listings, "".join(card.model_dump_json() + "\n" for card in cards))
    write_atomic(files.rejects, "")
    write_atomic(files.stats, stats.model_dump_json(indent=2) + "\n")
    return stats
