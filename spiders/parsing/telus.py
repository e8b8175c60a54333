"""TELUS International AI: the public job API (`list-job-posts`, no login), each post with its compensation
{amount, currency, unit}; a saved job page is read from its JobPosting markup instead."""

from typing import Any

from spiders.parsing import job_posting
from spiders.parsing.json_page import MalformedPage, load_items
from spiders.parsing.markup import plain_text
from spiders.parsing.pay_text import Pay, pay_fields
from spiders.records import Candidate, OutOfScope, Page, PageContext, Rejected, malformed, per_record

JOB_URL = "https://www.telusinternational.ai/cmp/public/jobs/available/{id}"
EMPLOYER = "TELUS International AI"
_UNITS = {"per_hour": "hour", "hourly": "hour", "hour": "hour", "per_task": "task", "task": "task",
          "per_day": "day", "per_week": "week", "per_month": "month", "monthly": "month", "per_year": "year",
          "yearly": "year", "annual": "year"}  # fmt: skip


def api_body(page: int) -> dict[str, Any]:
    """The request body the job board's own page sends for one page of every post."""
    return {"filters": {}, "page": page, "limit": 100}


def parse_page(body: str, ctx: PageContext) -> Page:
    if not body.lstrip().startswith("{"):
        return job_posting.parse_page(body, ctx, platform="telus")
    try:
        data, posts = load_items(body, "data")
    except MalformedPage as exc:
        return malformed(str(exc), body, ctx)
    paging = data.get("pagination") if isinstance(data.get("pagination"), dict) else {}
    page, pages = paging.get("page"), paging.get("pages")
    following = page + 1 if isinstance(page, int) and isinstance(pages, int) and page < pages else None
    return Page(records=[_post(post, ctx) for post in posts], next_page=following)


@per_record
def _post(post: Any, ctx: PageContext) -> Candidate | Rejected:
    compensation = post.get("compensation") or {}
    amount, unit = compensation.get("amount"), str(compensation.get("unit") or "").lower()
    if amount in (None, ""):
        return Rejected(reason=OutOfScope("job post without compensation"), raw=post, page_url=ctx.page_url)
    if unit not in _UNITS:
        return Rejected(reason=OutOfScope(f"compensation {unit or 'without a unit'}: not task or hourly pay"),
                        raw=post, page_url=ctx.page_url)  # fmt: skip
    pay = Pay(float(amount), str(compensation.get("currency") or "USD").upper(), None, _UNITS[unit])
    if isinstance(paid := pay_fields(pay), str):
        return Rejected(reason=paid, raw=post, page_url=ctx.page_url)
    country = str(post.get("hiring_country") or "")
    language = post.get("hiring_language") if isinstance(post.get("hiring_language"), dict) else {}
    spoken = f"Language: {language['name']}" if language.get("name") else ""
    fields = {
        "listing_id": str(post["id"]),
        "url": JOB_URL.format(id=post["id"]),
        "title": plain_text(post["title"]),
        "description": " ".join(filter(None, [plain_text(post.get("description")), spoken])),
        "requester_name": EMPLOYER,
        "category": post.get("job_type") or None,
        **paid,
        "countries": [country.upper()] if len(country) == 2 and country.isalpha() else [],
        "posted_at": post.get("ctime") or None,
    }
    return Candidate(fields=fields, raw=post)
