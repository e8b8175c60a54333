"""micro1's public job portal (`POST prod-api.micro1.ai/api/v1/job/portal`, no login): AI-training and expert
gigs paid by the hour, each with its ideal hourly rate as a range in US dollars."""

from typing import Any
from urllib.parse import parse_qs, urlsplit

from spiders.parsing.json_page import MalformedPage, load_items
from spiders.parsing.markup import plain_text
from spiders.records import Candidate, OutOfScope, Page, PageContext, Rejected, malformed, per_record

JOB_URL = "https://jobs.micro1.ai/post/{id}"
PAGE_SIZE = 100


def portal_body(page: int) -> dict[str, Any]:
    """Every kind of job, as the portal's own page asks; the page number rides in the URL."""
    return {"action": "get_all_jobs", "filters": {}}


def parse_page(body: str, ctx: PageContext) -> Page:
    try:
        data, jobs = load_items(body, "data")
    except MalformedPage as exc:
        return malformed(str(exc), body, ctx)
    query = parse_qs(urlsplit(ctx.page_url).query)
    page = int((query.get("page") or ["1"])[0])
    size = int((query.get("limit") or [str(PAGE_SIZE)])[0])
    total = data.get("total")
    following = page + 1 if isinstance(total, int) and jobs and page * size < total else None
    return Page(records=[_job(job, ctx) for job in jobs], next_page=following)


@per_record
def _job(job: Any, ctx: PageContext) -> Candidate | Rejected:
    rate = job.get("ideal_hourly_rate") if isinstance(job.get("ideal_hourly_rate"), dict) else {}
    low, high = rate.get("min"), rate.get("max")
    if low in (None, "", 0) and high in (None, "", 0):
        return Rejected(reason=OutOfScope("job without an hourly rate"), raw=job, page_url=ctx.page_url)
    low = float(low) if low not in (None, "", 0) else float(high)
    apply = str(job.get("apply_url") or "")
    skills = ", ".join(str(s) for s in job.get("skills") or [] if s)
    fields = {
        "listing_id": str(job["job_id"]),
        "url": apply if apply.startswith(("https://", "http://")) else JOB_URL.format(id=job["job_id"]),
        "title": plain_text(job["job_name"]),
        "description": f"Skills: {skills}" if skills else "",
        "requester_name": job.get("company_name") or None,
        "category": job.get("engagement_type") or job.get("job_type") or None,
        "reward": {"amount": low, "currency": "USD"},
        "reward_max": float(high) if high not in (None, "", 0) and float(high) > low else None,
        "pay_basis": "per_hour",
        "posted_at": job.get("date_posted") or None,
    }
    return Candidate(fields=fields, raw=job)
