"""Microworkers jobs list: title, payment (USD), success rate, TTR, TTF (a maximum, minutes), done/total places."""

import re

from lxml.html import HtmlElement

from spiders.parsing.html_list import cell_text, first_link, row_texts, table_rows
from spiders.parsing.markup import html_page
from spiders.parsing.pay_text import pay_from_text
from spiders.records import Candidate, Page, PageContext, Rejected, malformed, per_record

JOB_URL = "https://www.microworkers.com/jobs_details.php?Id={id}"
_ID = re.compile(r"[?&]Id=([\w-]+)", re.IGNORECASE)
_DONE = re.compile(r"(\d[\d,]*)\s*/\s*(\d[\d,]*)")
_MINUTES = re.compile(r"(\d+(?:\.\d+)?)")
# Microworkers' own categories name the engagement outright ("Instagram", "Sign up"), without the verbs
# the general risk-flag rules look for.
_SOCIAL = re.compile(
    r"\b(follow|likes?|subscribe|retweet|sign ?up|signup|register|instagram|tiktok|facebook|youtube|twitter)\b",
    re.IGNORECASE,
)


def parse_page(body: str, ctx: PageContext) -> Page:
    page = html_page(body)
    rows = table_rows(page)
    if not rows:
        return malformed("no jobs table with headers (signed out, or not a saved jobs.php page?)", body, ctx)
    next_url = page.css("a.next::attr(href), a[rel=next]::attr(href)").get()
    return Page(records=[_record(cells, ctx) for cells in rows], next_url=next_url)


@per_record
def _record(cells: dict[str, HtmlElement], ctx: PageContext) -> Candidate | Rejected:
    texts = row_texts(cells)
    link = first_link(cells, "job", "title")
    raw = texts | {"href": link}
    job_id = _ID.search(link)
    pay = pay_from_text(cell_text(texts, "payment"))
    if job_id is None or pay is None:
        return Rejected(reason="row without a job link or a payment", raw=raw, page_url=ctx.page_url)
    done = _DONE.search(cell_text(texts, "done"))
    ttf = _MINUTES.search(cell_text(texts, "ttf"))
    success = cell_text(texts, "success")
    title, category = cell_text(texts, "job", "title"), cell_text(texts, "category")
    fields = {
        "platform": "microworkers",
        "listing_id": job_id.group(1),
        "url": JOB_URL.format(id=job_id.group(1)),
        "title": title,
        "category": category or None,
        "reward": {"amount": pay.amount, "currency": pay.currency},
        "pay_basis": "per_task",
        "minutes": float(ttf.group(1)) if ttf else None,
        "minutes_kind": "max_allowed" if ttf else None,
        "places_available": _remaining(done),
        "requirements": [f"success rate {success}"] if success else [],
        "flags": ["social_engagement"] if _SOCIAL.search(f"{title} {category}") else [],
    }
    return Candidate(fields=fields, raw=raw)


def _remaining(done: re.Match[str] | None) -> int | None:
    if done is None:
        return None
    finished, total = (int(g.replace(",", "")) for g in done.groups())
    return max(total - finished, 0)
