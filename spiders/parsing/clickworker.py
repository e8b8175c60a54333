"""Clickworker workplace job list (HTML, login): jobs and assessments as links with pay text on their row; survey
and offer walls (BitLabs, CPX, TapResearch, Inbrain…) and UHRS, paid "variable", are out of scope with the reason."""

import re

from spiders.parsing.card_list import link_cards
from spiders.parsing.hints import minutes_hint
from spiders.parsing.markup import html_page
from spiders.parsing.pay_text import pay_fields, pay_from_text
from spiders.records import Candidate, OutOfScope, Page, PageContext, Rejected, malformed, per_record

BASE = "https://workplace.clickworker.com"
_JOB = re.compile(r"/workplace/(jobs|assessments)/(\d+)/")
# Most of the workplace is survey and offer walls and UHRS, their pay written as "variable".
_WALL = re.compile(r"\b(BitLabs|CPX(?: Research)?|TapResearch|Inbrain|Pollfish|Theorem Reach|Prime Surveys|UHRS)\b|"
                   r"\bvariable\b(?=[^.]*\b(?:pay|payment|reward|remuneration)\b)|\b(?:pay|payment|reward)\W+variable\b",
                   re.IGNORECASE)  # fmt: skip


def parse_page(body: str, ctx: PageContext) -> Page:
    page = html_page(body)
    cards = link_cards(page, "/workplace/")
    records = [_record(href, title, text, ctx) for href, title, text in cards if _JOB.search(href)]
    if not records:
        return malformed("no job or assessment links (signed out, or not a saved jobs page?)", body, ctx)
    return Page(records=records)


@per_record
def _record(href: str, title: str, text: str, ctx: PageContext) -> Candidate | Rejected:
    kind, number = _JOB.search(href).groups()
    raw = {"href": href, "title": title, "text": text}
    if kind == "assessments":
        return Rejected(
            reason=OutOfScope("assessment: an unpaid qualification, not a paid job"), raw=raw, page_url=ctx.page_url
        )
    if wall := _WALL.search(f"{title} {text}"):
        why = f"survey or offer wall ({wall.group(0)}): pay varies by survey and screen-outs are unpaid, no task price"
        return Rejected(reason=OutOfScope(why), raw=raw, page_url=ctx.page_url)
    pay, minutes = pay_from_text(text), minutes_hint(text)
    if pay is None:
        return Rejected(reason=OutOfScope("no pay on the job's row"), raw=raw, page_url=ctx.page_url)
    if isinstance(paid := pay_fields(pay), str):
        return Rejected(reason=paid, raw=raw, page_url=ctx.page_url)
    fields = {
        "listing_id": number,
        "url": f"{BASE}/en/workplace/jobs/{number}/edit",
        "title": title or f"Clickworker job {number}",
        "description": text,
        **paid,
        "minutes": minutes,
        "minutes_kind": "estimated" if minutes else None,
    }
    return Candidate(fields=fields, raw=raw)
