"""What parse functions hand to the item pipelines: a candidate listing or a rejected fragment."""

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class PageContext:
    """Facts about the crawl that every record of a page carries."""

    run_id: str
    observed_at: datetime
    source_mode: str
    page_url: str
    # Every source crawled in this run: the catalog leaves out rate cards of platforms crawled for real.
    run_sources: frozenset[str] = frozenset()
    # The spider's platform, which every record that names no other carries.
    platform: str | None = None


@dataclass
class Candidate:
    """Fields mapped from a page, not yet validated against the listing contract."""

    fields: dict[str, Any]
    raw: Any = None
    page_url: str = ""


class OutOfScope(str):
    """The reason for a record read as it should be that is not work priced per task or hour (no pay stated, a
    salary, an unpaid qualification, a hidden or inactive task): counted apart from records a parser failed on."""


@dataclass
class Rejected:
    """A record or page that could not become a listing, with the reason and the raw fragment."""

    reason: str
    raw: Any = None
    page_url: str = ""

    @property
    def out_of_scope(self) -> bool:
        return isinstance(self.reason, OutOfScope)


@dataclass
class Page:
    """One parsed page: its records and, when the platform paginates, the next page's number or URL."""

    records: list[Candidate | Rejected] = field(default_factory=list)
    next_page: int | None = None
    next_url: str | None = None


MALFORMED = "malformed page: "
# Crawl stats key prefix for saved responses not read as listing pages, by reason.
SKIPPED = "taskrank/skipped/"
# No saved page or HAR response body is read past this size (an inflated gzip body included).
MAX_PAGE_BYTES = 50 * 2**20
EMPTY_PROBES = "taskrank/empty_probes"


def malformed_record(reason: str, raw: Any, ctx: PageContext) -> Rejected:
    """A page (or a block of it) that is not what its parser reads; counted as a page error by the crawl."""
    return Rejected(reason=MALFORMED + reason, raw=raw[:500] if isinstance(raw, str) else raw, page_url=ctx.page_url)


def malformed(reason: str, body: str, ctx: PageContext) -> Page:
    """A whole page that is not what its parser reads, as one reject."""
    return Page(records=[malformed_record(reason, body, ctx)])


def stamped(record: Candidate | Rejected, ctx: PageContext) -> Candidate | Rejected:
    """A candidate with the crawl's own facts (platform, run, mode, time) added; parsers map only what the page says
    (a board read by a general spider names its own platform)."""
    if isinstance(record, Candidate):
        record.fields.update(observed_at=ctx.observed_at, source_mode=ctx.source_mode, run_id=ctx.run_id)
        if ctx.platform:
            record.fields.setdefault("platform", ctx.platform)
    record.page_url = record.page_url or ctx.page_url
    return record


def read_page(parse: Callable[[str, PageContext], Page], body: str, ctx: PageContext) -> tuple[Page, Exception | None]:
    """A parse that never raises: a page too deep or too strange to read is one malformed reject.

    The exception, when there was one besides nesting, is returned so the crawl can count and log it.
    """
    try:
        return parse(body, ctx), None
    except RecursionError:
        return malformed("nested too deeply to read", body, ctx), None
    except Exception as exc:  # noqa: BLE001 - one unreadable page must not end the crawl
        return malformed(f"parser error {type(exc).__name__}: {exc}"[:300], body, ctx), exc


def per_record(parse: Callable[..., "Candidate | Rejected"]) -> Callable[..., "Candidate | Rejected"]:
    """One record's parse; whatever goes wrong in it becomes that record's reject, never its page's."""

    @functools.wraps(parse)
    def guarded(*args: Any, **kwargs: Any) -> Candidate | Rejected:
        try:
            return parse(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 - a record may fail in any way; its neighbours must still land
            ctx = next((a for a in (*args, *kwargs.values()) if isinstance(a, PageContext)), None)
            reason = (
                f"missing field {exc}"
                if isinstance(exc, KeyError)
                else f"unreadable record: {type(exc).__name__}: {exc}"
            )
            return Rejected(
                reason=reason[:300],
                raw=_fragment(args[0] if args else None),
                page_url=ctx.page_url if ctx else "",
            )

    return guarded


def _fragment(raw: Any) -> Any:
    """The raw record as JSON can hold it, cut to a readable size."""
    try:
        text = json.dumps(raw, default=str)
    except (TypeError, ValueError, RecursionError):
        text = repr(raw)
    return raw if len(text) <= 2000 and not isinstance(raw, str | bytes) else text[:2000]
