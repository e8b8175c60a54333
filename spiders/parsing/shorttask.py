"""ShortTask task list: Title, Tasks Available, Requester, Reward, Duration, Expires per row; next-page link."""

import re

from lxml.html import HtmlElement

from spiders.parsing.hints import minutes_hint
from spiders.parsing.html_list import cell_text, first_link, row_texts, table_rows
from spiders.parsing.markup import html_page
from spiders.parsing.pay_text import pay_from_text
from spiders.records import Candidate, Page, PageContext, Rejected, malformed, per_record

TASK_URL = "http://www.shorttask.com/task.php?id={id}"
INACTIVE = "currently not active"
_ID = re.compile(r"[?&]id=(\d+)")
_INT = re.compile(r"\d[\d,]*")


def parse_page(body: str, ctx: PageContext) -> Page:
    page = html_page(body)
    rows = table_rows(page)
    if not rows:
        return malformed("no task table with headers (not a saved tasks.php page?)", body, ctx)
    next_url = next((a.get("href") for a in page.root.iter("a") if (a.text or "").strip() in {"Next", "Next »"}), None)
    return Page(records=[_record(cells, ctx) for cells in rows], next_url=next_url)


@per_record
def _record(cells: dict[str, HtmlElement], ctx: PageContext) -> Candidate | Rejected:
    texts = row_texts(cells)
    link = first_link(cells, "title")
    raw = texts | {"href": link}
    task_id = _ID.search(link)
    if INACTIVE in " ".join(raw.values()).lower():
        return Rejected(reason="task is not active", raw=raw, page_url=ctx.page_url)
    pay = pay_from_text(cell_text(texts, "reward"))
    if task_id is None or pay is None:
        return Rejected(reason="row without a task link or a reward", raw=raw, page_url=ctx.page_url)
    available = _INT.search(cell_text(texts, "available"))
    fields = {
        "platform": "shorttask",
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
    }
    return Candidate(fields=fields, raw=raw)
