"""Microworkers jobs list: title, payment (USD), success rate, TTR, TTF (a maximum, minutes), done/total places; as a
table with headers, or the rows public tools read (`.jobslisthighlight` with `span.jobdone`, `tr[name="RUNNING"]`)."""

import re

from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from spiders.parsing.html_list import cell_text, first_link, row_texts, table_rows
from spiders.parsing.markup import html_page, node_text
from spiders.parsing.pay_text import pay_from_text
from spiders.records import Candidate, OutOfScope, Page, PageContext, Rejected, malformed, per_record

JOB_URL = "https://www.microworkers.com/jobs_details.php?Id={id}"
_ID = re.compile(r"[?&]Id=([\w-]+)|/jobs?/([\w-]+)/?$", re.IGNORECASE)
_HIGHLIGHTED = CSSSelector(".jobslisthighlight, div#jobslist tr[name='RUNNING']")
_JOB_DONE = CSSSelector("span.jobdone")
_TTF = re.compile(r"(\d+(?:\.\d+)?\s*min)", re.IGNORECASE)
NOT_RUNNING = "currently not running"
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
    rows = [(row_texts(cells), first_link(cells, "job", "title")) for cells in table_rows(page)]
    # The rows public tools read, where the page has no headed table (whose rows may be these same ones).
    rows = rows or [_highlighted(block) for block in _HIGHLIGHTED(page.root)]
    if not rows:
        return malformed("no jobs table with headers and no .jobslisthighlight rows (signed out?)", body, ctx)
    next_url = page.css("a.next::attr(href), a[rel=next]::attr(href)").get()
    return Page(records=[_record(texts, link, ctx) for texts, link in rows], next_url=next_url)


def _highlighted(block: HtmlElement) -> tuple[dict[str, str], str]:
    """The newer list's row (`.jobslisthighlight`) as the table's cells: its link, `span.jobdone`, and its text."""
    link = next((a for a in block.iter("a") if a.get("href")), None)
    done = next(iter(_JOB_DONE(block)), None)
    text = node_text(block)
    texts = {"job": node_text(link) if link is not None else "", "done": node_text(done) if done is not None else "",
             "payment": text, "ttf": _TTF.search(text).group(1) if _TTF.search(text) else "", "text": text}  # fmt: skip
    return texts, link.get("href") if link is not None else ""


@per_record
def _record(texts: dict[str, str], link: str, ctx: PageContext) -> Candidate | Rejected:
    raw = texts | {"href": link}
    if NOT_RUNNING in " ".join(raw.values()).lower():
        return Rejected(reason=OutOfScope("job is not running"), raw=raw, page_url=ctx.page_url)
    job_id = _ID.search(link)
    pay = pay_from_text(cell_text(texts, "payment"))
    if job_id is None or pay is None:
        return Rejected(reason="row without a job link or a payment", raw=raw, page_url=ctx.page_url)
    done = _DONE.search(cell_text(texts, "done"))
    ttf = _MINUTES.search(cell_text(texts, "ttf"))
    success = cell_text(texts, "success")
    title, category = cell_text(texts, "job", "title"), cell_text(texts, "category")
    fields = {
        "listing_id": job_id.group(1) or job_id.group(2),
        "url": JOB_URL.format(id=job_id.group(1) or job_id.group(2)),
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
