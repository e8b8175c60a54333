"""Appen's public job board (HTML, no login): long-running projects, pay as hourly text when stated."""

import re

from spiders.parsing.card_list import link_cards
from spiders.parsing.markup import html_page
from spiders.parsing.pay_text import pay_fields, pay_from_text
from spiders.records import Candidate, OutOfScope, Page, PageContext, Rejected, malformed, per_record

BASE = "https://connect.appen.com"
_JOB = re.compile(r"/qrp/public/jobs?/(?:[\w-]+/)*?(\d+)")


def parse_page(body: str, ctx: PageContext) -> Page:
    page = html_page(body)
    cards = [(href, title, text) for href, title, text in link_cards(page, "/qrp/public/job") if _JOB.search(href)]
    if not cards:
        return malformed("no job links (not a saved public job board page?)", body, ctx)
    next_url = page.css("a[rel=next]::attr(href), a.next::attr(href)").get()
    return Page(records=[_record(href, title, text, ctx) for href, title, text in cards], next_url=next_url)


@per_record
def _record(href: str, title: str, text: str, ctx: PageContext) -> Candidate | Rejected:
    number = _JOB.search(href).group(1)
    raw = {"href": href, "title": title, "text": text}
    pay = pay_from_text(text)
    if pay is None:
        return Rejected(reason=OutOfScope("no pay stated on the job card"), raw=raw, page_url=ctx.page_url)
    if isinstance(paid := pay_fields(pay), str):
        return Rejected(reason=paid, raw=raw, page_url=ctx.page_url)
    fields = {
        "listing_id": number,
        "url": f"{BASE}/qrp/public/jobs/{number}" if href.startswith("/") else href,
        "title": title or f"Appen project {number}",
        "description": text,
        "category": "project",
        # A project page states pay "per hour" or per task unit; without "per hour" it is read as per task.
        **paid,
    }
    return Candidate(fields=fields, raw=raw)
