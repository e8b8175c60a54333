"""RSS and Atom feeds of every version, read by feedparser: one listing per item, pay from the item's own text or
from a namespaced pay element (`<job:salary>`, `<x:budget>`, `<x:rate>`)."""

import calendar
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urlsplit

import feedparser

from spiders.parsing.dates import when
from spiders.parsing.markup import plain_text
from spiders.parsing.pay_text import pay_fields, pay_from_text
from spiders.records import Candidate, OutOfScope, Page, PageContext, Rejected, malformed, per_record

# feedparser names an element from an unknown namespace `prefix_local`; these locals carry pay.
_PAY_ELEMENT = re.compile(r"^(?:[a-z0-9]+_)?(?:salary|budget|rate|pay|compensation)$")


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str
    guid: str
    html: str  # the description or content as published, markup included
    published: str | None
    published_at: datetime | None = None  # feedparser's reading of `published`, in UTC
    pay_elements: dict[str, str] = field(default_factory=dict)

    @cached_property
    def text(self) -> str:
        return plain_text(self.html)


def feed_items(body: str) -> list[FeedItem] | None:
    """The feed's items or entries; None when the body is not RSS or Atom."""
    # A stream, never a str: feedparser fetches a str that looks like a URL and opens one that names a file. Its HTML
    # sanitiser (half its time) is left off: item markup is reduced to plain text here and escaped wherever shown.
    parsed = feedparser.parse(io.BytesIO(body.encode("utf-8")), sanitize_html=False, resolve_relative_uris=False)
    if not parsed.get("version") or (parsed.get("bozo") and not parsed.entries):
        return None
    return [
        FeedItem(
            title=plain_text(entry.get("title", "")),
            link=entry.get("link", ""),
            guid=entry.get("id", "") or entry.get("link", ""),
            html=_content(entry),
            published=entry.get("published") or entry.get("updated") or None,
            published_at=_utc(entry.get("published_parsed") or entry.get("updated_parsed")),
            pay_elements={k: v for k, v in entry.items() if _PAY_ELEMENT.match(k) and isinstance(v, str) and v},
        )
        for entry in parsed.entries
    ]


def _utc(parsed: object) -> datetime | None:
    return datetime.fromtimestamp(calendar.timegm(parsed), UTC) if parsed else None


def _content(entry: dict) -> str:
    contents = entry.get("content") or []
    full = next((c.get("value", "") for c in contents if c.get("value")), "")
    return full if len(full) > len(entry.get("summary", "")) else entry.get("summary", "")


ItemFields = Callable[[FeedItem, PageContext], dict[str, Any] | str]


def parse_feed(body: str, ctx: PageContext, item_fields: ItemFields) -> Page:
    """Every item through `item_fields`, which returns listing fields or the reason the item is not a listing."""
    items = feed_items(body)
    if items is None:
        return malformed("not an RSS or Atom feed", body, ctx)
    return Page(records=[_item_record(item, ctx, item_fields) for item in items])


@per_record
def _item_record(item: FeedItem, ctx: PageContext, item_fields: ItemFields) -> Candidate | Rejected:
    fields = item_fields(item, ctx)
    raw = {"title": item.title, "link": item.link, "guid": item.guid, "published": item.published}
    if isinstance(fields, str):
        return Rejected(reason=fields, raw=raw | {"text": item.text[:300]}, page_url=ctx.page_url)
    return Candidate(fields=fields, raw=raw)


def generic_fields(item: FeedItem, ctx: PageContext) -> dict[str, Any] | str:
    """Any board's item: pay from a namespaced pay element, else the first amount in its text."""
    if not item.title:
        return "feed item without a title"
    pay = next(filter(None, map(pay_from_text, item.pay_elements.values())), None) or pay_from_text(item.text)
    if pay is None:
        return OutOfScope("no pay stated in the item")
    if isinstance(paid := pay_fields(pay), str):
        return paid
    return {
        "platform": feed_platform(item.link or ctx.page_url),
        "listing_id": item_id(item),
        "url": item.link or ctx.page_url,
        "title": item.title,
        "description": item.text,
        "posted_at": item.published_at or when(item.published, ctx.observed_at),
        **paid,
    }


def item_id(item: FeedItem) -> str:
    key = item.guid or item.link or item.title
    return key if len(key) <= 200 else hashlib.sha1(key.encode()).hexdigest()


def feed_platform(url: str) -> str:
    """The board's name from its host: https://www.example-jobs.com/… -> example_jobs."""
    return _host_name(urlsplit(url).hostname or "")


@lru_cache(maxsize=256)
def _host_name(hostname: str) -> str:
    host = hostname.removeprefix("www.")
    name = re.sub(r"[^a-z0-9]+", "_", host.rsplit(".", 1)[0] if "." in host else host).strip("_")
    return name if name[:1].isalpha() else "feed"


def parse_page(body: str, ctx: PageContext) -> Page:
    return parse_feed(body, ctx, generic_fields)
