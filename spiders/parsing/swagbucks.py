"""Swagbucks survey list: one row per survey with loi (minutes) and reward in SB, converted by the catalog's rate."""

import re
from urllib.parse import parse_qs, urlsplit

from parsel import Selector

from contracts.catalog import points_per_unit
from spiders.parsing.markup import html_page, node_text
from spiders.records import Candidate, OutOfScope, Page, PageContext, Rejected, malformed, per_record

SB_IN_USD = 1 / points_per_unit("swagbucks")
LIST_URL = "https://www.swagbucks.com/surveys"
_CLICK = re.compile(r"'(/g/survey-click\?[^']+)'")


def parse_page(body: str, ctx: PageContext) -> Page:
    rows = html_page(body).css("table#surveyList tr[reward]")
    if not rows:
        return malformed("no table#surveyList rows with a reward (not a saved survey list?)", body, ctx)
    return Page(records=[_record(row, ctx) for row in rows])


@per_record
def _record(row: Selector, ctx: PageContext) -> Candidate | Rejected:
    raw = {name: row.attrib.get(name) for name in ("loi", "reward", "survey-id", "project-id", "bonus", "title", "id")}
    loi, reward = raw["loi"], raw["reward"]
    survey_id = raw["survey-id"] or raw["id"]
    if not loi:
        upto = node_text(row)
        return Rejected(reason=OutOfScope(f"partner wall row without a length ({upto[:60]}): not a listing"), raw=raw,
                        page_url=ctx.page_url)  # fmt: skip
    links = list(row.root.iter("a"))
    onclick = next((a.get("onclick") or "" for a in links if "surveyClick" in (a.get("class") or "")), "")
    click = _CLICK.search(onclick)
    query = parse_qs(urlsplit(click.group(1)).query) if click else {}
    dq = query.get("dqpout", [None])[0]
    sb = float(reward) if reward else None
    bonus = float(raw["bonus"]) if raw["bonus"] else 0.0
    title = raw["title"] or _survey_link_text(row) or f"Survey {survey_id}"
    fields = {
        "listing_id": survey_id or "",
        # The click URL carries the member's id and a session hash: link to the list instead.
        "url": f"{LIST_URL}#survey-{survey_id}",
        "title": title,
        "description": f"Disqualification pays {dq} SB" if dq else "",
        "category": "survey",
        "reward": {
            "amount": round((sb + bonus) * SB_IN_USD, 4) if sb is not None else None,
            "currency": "USD",
            "original_amount": sb + bonus if sb is not None else None,
            "original_unit": "SB",
        },  # fmt: skip
        "screen_out_reward": round(float(dq) * SB_IN_USD, 4) if dq else None,
        "pay_basis": "per_task",
        "minutes": float(loi),
        "minutes_kind": "estimated",
        "flags": ["screen_out_risk"],
    }
    return Candidate(fields=fields, raw=raw)


def _survey_link_text(row: Selector) -> str:
    cell = next((td for td in row.root.iter("td") if "surveyLink" in (td.get("class") or "")), None)
    link = next(cell.iter("a"), None) if cell is not None else None
    return node_text(link) if link is not None else ""
