"""A health verdict for one crawl, from its own counts."""

from contracts import SourceStats
from contracts.stats import Health


def verdict(stats: SourceStats) -> Health:
    """failed: nothing fetched; broken: pages but no listings, or mostly rejects; degraded: some loss."""
    if stats.pages == 0:
        return "failed"
    if stats.items == 0 or stats.rejects > stats.items:
        return "broken"
    if stats.rejects or stats.page_errors or stats.http_errors:
        return "degraded"
    return "ok"
