"""RSS 2.0 and Atom feeds: one listing per item, pay read from the item's own text."""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any
from urllib.parse import urlsplit

from spiders.parsing.markup import plain_text, xml_root
from spiders.parsing.pay_text import pay_from_text
from spiders.records import Candidate, Page, PageContext, Rejected, malformed, per_record


@dataclass(frozen=True)
class FeedItem:
    title: str
    link: str
    guid: str
    html: str  # the description or content as published, markup included
    published: str | None

    @cached_property
    def text(self) -> str:
        return plain_text(self.html)


def feed_items(body: str) -> list[FeedItem] | None:
    """The feed's items or entries; None when the body is not RSS or Atom."""
    root = xml_root(body)
    kind = _local(root) if root is not None else ""
    if kind == "rss":
        channel = next((c for c in root if _local(c) == "channel"), None)
        if channel is None:
            return None
        items = [_children(item) for item in channel if _local(item) == "item"]
        return [
            FeedItem(
                title=item.get("title", ""),
                link=item.get("link", ""),
                guid=item.get("guid", "") or item.get("link", ""),
                html=item.get("description", "") or item.get("encoded", ""),
                published=item.get("pubDate", "") or None,
            )
            for item in items
        ]
    if kind == "feed":
        entries = [entry for entry in root if _local(entry) == "entry"]
        return [
            FeedItem(
                title=children.get("title", ""),
                link=_entry_link(entry),
                guid=children.get("id", ""),
                html=children.get("content", "") or children.get("summary", ""),
                published=children.get("published", "") or children.get("updated", "") or None,
            )
            for entry, children in ((e, _children(e)) for e in entries)
        ]
    return None


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
    """Any board's item: the first amount in its text; "per hour" makes it an hourly rate."""
    pay = pay_from_text(item.text)
    if not item.title:
        return "feed item without a title"
    if pay is None:
        return "no pay stated in the item"
    return {
        "platform": feed_platform(item.link or ctx.page_url),
        "listing_id": item_id(item),
        "url": item.link or ctx.page_url,
        "title": item.title,
        "description": item.text,
        "reward": {"amount": pay.amount, "currency": pay.currency},
        "reward_max": pay.amount_max,
        "pay_basis": "per_hour" if pay.hourly else "per_task",
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


def _local(element: object) -> str:
    tag = element.tag  # comments and processing instructions have a function here, not a name
    return tag[tag.find("}") + 1 :] if type(tag) is str else ""


def _children(element: object) -> dict[str, str]:
    """Child element name (without namespace) -> its text; the first of each name wins."""
    found: dict[str, str] = {}
    for child in element:
        found.setdefault(_local(child), (child.text or "").strip())
    return found


def _entry_link(entry: object) -> str:
    for child in entry:
        if _local(child) == "link" and child.get("rel", "alternate") == "alternate":
            return (child.get("href") or "").strip()
    return ""
