"""Alignerr (Labelbox)'s public job list (`GET www.alignerr.com/api/jobs`, no login): AI-training contract work
paid by the hour in US dollars, the pay written as text ("$40 - $60/hour")."""

from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from spiders.parsing.json_page import MalformedPage, load_items
from spiders.parsing.markup import plain_text
from spiders.parsing.pay_text import pay_fields, pay_from_text
from spiders.records import Candidate, OutOfScope, Page, PageContext, Rejected, malformed, per_record

JOB_URL = "https://www.alignerr.com/jobs/{id}"
PAGE_SIZE = 100


def parse_page(body: str, ctx: PageContext) -> Page:
    try:
        data, jobs = load_items(body, "jobs")
    except MalformedPage as exc:
        return malformed(str(exc), body, ctx)
    return Page(records=[_job(job, ctx) for job in jobs], next_url=_next_offset(ctx.page_url, len(jobs), data))


def _next_offset(url: str, count: int, data: dict) -> str | None:
    """The list is paged by offset: the next page while the total (or a full page) says there is more."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    offset, limit = int(query.get("offset") or 0), int(query.get("limit") or PAGE_SIZE)
    total = data.get("total")
    more = offset + count < total if isinstance(total, int) else count >= limit
    if not count or not more:
        return None
    return urlunsplit(parts._replace(query=urlencode(query | {"offset": offset + count, "limit": limit})))


@per_record
def _job(job: Any, ctx: PageContext) -> Candidate | Rejected:
    pay = pay_from_text(str(job.get("pay") or ""))
    if pay is None:
        return Rejected(reason=OutOfScope("job without pay stated"), raw=job, page_url=ctx.page_url)
    # Alignerr pays by the hour: an amount written without a unit is an hourly rate.
    if isinstance(paid := pay_fields(replace(pay, unit="hour") if pay.unit == "task" else pay), str):
        return Rejected(reason=paid, raw=job, page_url=ctx.page_url)
    fields = {
        "listing_id": str(job["id"]),
        "url": JOB_URL.format(id=job["id"]),
        "title": plain_text(job["title"]),
        "description": plain_text(job.get("description")),
        "requester_name": "Alignerr",
        **paid,
    }
    return Candidate(fields=fields, raw=job)
