"""ShortTask task list, in either layout seen: a table (Title, Tasks Available, Requester, Reward, Duration, Expires
per row) or `div.template` blocks of labelled lines with a `p.view-task` link; next-page link."""

import re

from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

from spiders.parsing.dates import when
from spiders.parsing.hints import minutes_hint
from spiders.parsing.html_list import cell_text, first_link, row_texts, table_rows
from spiders.parsing.markup import html_page, node_text
from spiders.parsing.pay_text import pay_from_text
from spiders.records import Candidate, OutOfScope, Page, PageContext, Rejected, malformed, per_record

TASK_URL = "http://www.shorttask.com/task.php?id={id}"
INACTIVE = "currently not active"
_ID = re.compile(r"[?&]id=(\d+)")
_INT = re.compile(r"\d[\d,]*")
_TEMPLATES, _VIEW_LINK = CSSSelector("div.template"), CSSSelector("p.view-task a")


def parse_page(body: str, ctx: PageContext) -> Page:
    page = html_page(body)
    rows = [(row_texts(cells), first_link(cells, "title")) for cells in table_rows(page)]
    rows += [_template(block) for block in _TEMPLATES(page.root)]
    if not rows:
        return malformed("no task table with headers and no div.template blocks (not a tasks.php page?)", body, ctx)
    next_url = next((a.get("href") for a in page.root.iter("a") if (a.text or "").strip() in {"Next", "Next »"}), None)
    return Page(records=[_record(texts, link, ctx) for texts, link in rows], next_url=next_url)


def _template(block: HtmlElement) -> tuple[dict[str, str], str]:
    """A `div.template` block as the table's cells: each `<b>Label</b>: value` line by its lower-case label."""
    texts = {"title": node_text(next(block.iter("h3", "h4"), block.makeelement("h4")))}
    for label in block.iter("b"):
        texts[node_text(label).lower()] = (label.tail or "").strip().lstrip(":").strip()
    link = next(iter(_VIEW_LINK(block)), None)
    if link is not None:
        texts["title"] = texts["title"] or node_text(link)
    return texts, (link.get("href") or "") if link is not None else ""


@per_record
def _record(texts: dict[str, str], link: str, ctx: PageContext) -> Candidate | Rejected:
    raw = texts | {"href": link}
    task_id = _ID.search(link)
    if INACTIVE in " ".join(raw.values()).lower():
        return Rejected(reason=OutOfScope("task is not active"), raw=raw, page_url=ctx.page_url)
    pay = pay_from_text(cell_text(texts, "reward"))
    if task_id is None or pay is None:
        return Rejected(reason="row without a task link or a reward", raw=raw, page_url=ctx.page_url)
    available = _INT.search(cell_text(texts, "available"))
    fields = {
        "listing_id": task_id.group(1),
        "url": TASK_URL.format(id=task_id.group(1)),
        "title": cell_text(texts, "title"),
        "requester_name": cell_text(texts, "requester") or None,
        "reward": {"amount": pay.amount, "currency": pay.currency},
        "pay_basis": "per_task",
        # ShortTask's Duration is the time a worker is given for the task, not an estimate of it.
        "minutes": minutes_hint(cell_text(texts, "duration")),
        "minutes_kind": "max_allowed",
        "places_available": int(available.group().replace(",", "")) if available else None,
        "expires_at": when(cell_text(texts, "expires"), ctx.observed_at),
    }
    return Candidate(fields=fields, raw=raw)
