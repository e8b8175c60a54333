"""Turing's public job list (`POST work.turing.com/api/jobs/all`, no login): AI-training and engineering contract
roles whose pay is written only in the description ("$40–$60 per hour"), read from there when it names a unit."""

from typing import Any

from spiders.parsing.json_page import MalformedPage, load_items
from spiders.parsing.markup import plain_text
from spiders.parsing.pay_text import pay_fields, pay_from_text
from spiders.records import Candidate, OutOfScope, Page, PageContext, Rejected, malformed, per_record

# The list's own "copy link" opens the job on the jobs page; a /jobs/<id> path does not exist.
JOB_URL = "https://work.turing.com/jobs?jobId={id}"
# The API ignores its page number: one request asks for more jobs than it lists.
PAGE_SIZE = 1000


def list_body(page: int) -> dict[str, Any]:
    return {"searchQuery": "", "expertise": [], "location": [], "currentPage": 1, "pageSize": PAGE_SIZE}


def parse_page(body: str, ctx: PageContext) -> Page:
    try:
        data, jobs = load_items(body, "jobs")
    except MalformedPage as exc:
        return malformed(str(exc), body, ctx)
    if data.get("success") is False:
        return malformed("the list says success: false", body, ctx)
    records: list[Candidate | Rejected] = [_job(job, ctx) for job in jobs]
    total = data.get("totalCount")
    if isinstance(total, int) and len(jobs) < total:
        short = f"malformed page: the list returned {len(jobs)} of {total} jobs (page size {PAGE_SIZE})"
        records.append(Rejected(reason=short, raw={"totalCount": total}, page_url=ctx.page_url))
    return Page(records=records)


@per_record
def _job(job: Any, ctx: PageContext) -> Candidate | Rejected:
    text = " ".join(filter(None, [plain_text(job.get("oneLinerDescription")), plain_text(job.get("description"))]))
    pay = pay_from_text(text)
    # An amount without a unit in a long description may be anything (a referral reward, a budget): not pay.
    if pay is None or pay.unit == "task":
        return Rejected(reason=OutOfScope("no hourly pay in the description"), raw=job, page_url=ctx.page_url)
    if isinstance(paid := pay_fields(pay), str):
        return Rejected(reason=paid, raw=job, page_url=ctx.page_url)
    fields = {
        "listing_id": str(job["id"]),
        "url": JOB_URL.format(id=job["id"]),
        "title": plain_text(job["title"]),
        "description": text,
        "requester_name": "Turing",
        "category": job.get("roleGroup") or None,
        **paid,
    }
    return Candidate(fields=fields, raw=job)
