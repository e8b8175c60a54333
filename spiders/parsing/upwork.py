"""Upwork: jobs embedded in the logged-out search page's state, the logged-in job-feed API's JSON (`searchResults`,
2021 shape: `hourlyBudgetText`, `weeklyBudget`, `amount`), and items of the old RSS feed (shut down 2024)."""

import dataclasses
import json
import re
from typing import Any

from spiders.parsing.dates import when
from spiders.parsing.feed import FeedItem, item_id, parse_feed
from spiders.parsing.markup import html_page
from spiders.parsing.pay_text import Pay, pay_fields, pay_from_text
from spiders.records import Candidate, OutOfScope, Page, PageContext, Rejected, malformed, malformed_record, per_record

JOB_URL = "https://www.upwork.com/jobs/{ciphertext}"
FIXED, HOURLY = 1, 2
_LABELLED = re.compile(r"<b>\s*([^<:]+?)\s*</b>\s*:\s*([^<]*)", re.IGNORECASE)
_ASSIGNMENT = re.compile(r"^[^{\[]*?=\s*", re.S)


def parse_page(body: str, ctx: PageContext) -> Page:
    if "<rss" in body[:2000]:
        return parse_feed(body, ctx, _feed_fields)
    state = _api_state(body) if body.lstrip().startswith("{") else _page_state(body)
    if state is None:
        return malformed("no jobsSearch or searchResults (a Cloudflare challenge or sign-in page?)", body, ctx)
    jobs = state.get("jobs")
    if not isinstance(jobs, list):
        return Page(records=[malformed_record("jobsSearch.jobs is not a list", state, ctx)])
    paging = state.get("paging") if isinstance(state.get("paging"), dict) else {}
    offset, count, total = (_whole(paging.get(k)) for k in ("offset", "count", "total"))
    per_page = count or len(jobs)
    next_page = (offset + per_page) // per_page + 1 if per_page and offset + per_page < total else None
    return Page(records=[_job(job, ctx) for job in jobs], next_page=next_page)


def _whole(value: Any) -> int:
    """A paging number; anything unreadable is 0, which stops paging rather than the page."""
    try:
        return max(int(value or 0), 0)
    except (TypeError, ValueError):
        return 0


def _api_state(body: str) -> dict | None:
    try:
        found = _find_key(json.loads(body), "searchResults")
    except json.JSONDecodeError:
        return None
    return found if isinstance(found, dict) else None


def _page_state(body: str) -> dict | None:
    """The `jobsSearch` object from whichever script holds the page state."""
    for script in html_page(body).css("script::text").getall():
        if "jobsSearch" not in script:
            continue
        text = _ASSIGNMENT.sub("", script.strip(), count=1).rstrip(";")
        try:
            found = _find_key(json.loads(text), "jobsSearch")
        except json.JSONDecodeError:
            continue
        if isinstance(found, dict):
            return found
    return None


def _find_key(data: Any, key: str) -> Any:
    if isinstance(data, dict):
        if key in data:
            return data[key]
        children = data.values()
    elif isinstance(data, list):
        children = data
    else:
        return None
    for child in children:
        if (found := _find_key(child, key)) is not None:
            return found
    return None


@per_record
def _job(job: Any, ctx: PageContext) -> Candidate | Rejected:
    kind = int(job["type"])
    if kind not in (HOURLY, FIXED):
        return Rejected(reason=f"unknown job type {kind}", raw=job, page_url=ctx.page_url)
    if isinstance(paid := _job_pay(job, kind), str):
        return Rejected(reason=paid, raw=job, page_url=ctx.page_url)
    client = job.get("client") or {}
    fields = {
        "listing_id": job["uid"],
        "url": JOB_URL.format(ciphertext=job["ciphertext"]),
        "title": job["title"],
        "description": job.get("description") or "",
        "requester_name": "payment verified client" if client.get("isPaymentVerified") else "unverified client",
        "category": job.get("engagement") or None,
        "posted_at": when(job.get("publishedOn") or job.get("createdOn"), ctx.observed_at),
        **paid,
        "client_payment_verified": client.get("isPaymentVerified") if "isPaymentVerified" in client else None,
        "client_total_spent": _spent(client.get("totalSpent")),
        "client_rating": client.get("totalFeedback") or None,
        "proposals_min": _proposals_min(job.get("proposalsTier")),
    }
    return Candidate(fields=fields, raw=job)


def _job_pay(job: dict, kind: int) -> dict[str, Any] | str:
    """Pay fields from whichever shape the job came in; a weekly budget alone is no hourly rate."""
    if kind == FIXED:
        amount = job["amount"]
        if not amount.get("amount"):
            return "fixed-price job with no budget stated"
        return pay_fields(Pay(amount["amount"], amount.get("currencyCode") or "USD"))
    budget = job.get("hourlyBudget") or {}
    low, high = budget.get("min"), budget.get("max")
    if low or high:
        return pay_fields(Pay(low or high, "USD", high if low and high and high > low else None, "hour"))
    if text := job.get("hourlyBudgetText"):
        pay = pay_from_text(text)
        return pay_fields(dataclasses.replace(pay, unit="hour")) if pay else f"unreadable hourly rate {text!r}"
    if (job.get("weeklyBudget") or {}).get("amount"):
        return "hourly job with only a weekly budget: no hourly rate stated"
    return "hourly job with no rate stated"


def _spent(value: Any) -> float | None:
    """totalSpent as a number, or {amount: …} as newer pages write it."""
    if isinstance(value, dict):
        value = value.get("amount")
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _proposals_min(tier: Any) -> int | None:
    """The lower bound of a proposals tier: "Less than 5" → 0, "5 to 10" → 5, "50+" → 50."""
    if not isinstance(tier, str):
        return None
    if tier.lower().startswith("less than"):
        return 0
    found = re.search(r"\d+", tier)
    return int(found.group()) if found else None


def _feed_fields(item: FeedItem, ctx: PageContext) -> dict[str, Any] | str:
    labelled = {name.lower(): value.strip() for name, value in _LABELLED.findall(item.html)}
    stated = labelled.get("hourly range") or labelled.get("budget")
    if stated is None:
        # The 2017 feed wrote hourly jobs with no range at all: nothing to read, so nothing is guessed.
        return OutOfScope("no Hourly Range or Budget in the item")
    if (pay := pay_from_text(stated)) is None:
        return f"unreadable pay {stated!r}"
    if "hourly range" in labelled:
        pay = dataclasses.replace(pay, unit="hour")
    if isinstance(paid := pay_fields(pay), str):
        return paid
    return {
        "listing_id": item_id(item),
        "url": item.link or ctx.page_url,
        "title": item.title.removesuffix(" - Upwork"),
        "description": item.text,
        "category": labelled.get("category") or None,
        "posted_at": item.published_at or when(labelled.get("posted on"), ctx.observed_at),
        **paid,
    }
