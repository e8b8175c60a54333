"""Toloka task-suite pool groups: a bare array; the observed average submit time is the time that counts."""

from typing import Any

from spiders.parsing.json_page import MalformedPage, load_json
from spiders.records import Candidate, Page, PageContext, Rejected, malformed, per_record

PROJECT_URL = "https://toloka.ai/tasks/{project_id}"


def parse_page(body: str, ctx: PageContext) -> Page:
    try:
        data = load_json(body)
    except MalformedPage as exc:
        return malformed(str(exc), body, ctx)
    if isinstance(data, dict) and data.get("code") == "ACCESS_DENIED":
        return malformed("ACCESS_DENIED: the saved page was taken without a logged-in session", body, ctx)
    if not isinstance(data, list):
        return malformed(f"expected a JSON array of pool groups, got {type(data).__name__}", body, ctx)
    return Page(records=[_record(group, ctx) for group in data])


@per_record
def _record(group: Any, ctx: PageContext) -> Candidate | Rejected:
    if not isinstance(group, dict):
        return Rejected(reason="pool group is not an object", raw=group, page_url=ctx.page_url)
    pool = group["pools"][0]
    stats = group.get("projectStats") or {}
    seconds = stats.get("averageSubmitTimeSec")
    allowed = pool.get("assignmentMaxDurationSeconds")
    requester = (group.get("requesterInfo") or {}).get("name") or {}
    training = (group.get("trainingDetails") or {}).get("training")
    fields = {
        "platform": "toloka",
        "listing_id": str(pool["id"]),
        "url": PROJECT_URL.format(project_id=group["projectId"]),
        "title": group.get("title") or "",
        "description": group.get("description") or "",
        "requester_id": None,
        "requester_name": requester.get("EN") if isinstance(requester, dict) else requester,
        "category": "training" if training else None,
        "reward": {"amount": pool["reward"], "currency": "USD"},
        "pay_basis": "per_task",
        "minutes": seconds / 60 if seconds else (allowed / 60 if allowed else None),
        "minutes_kind": "observed_average" if seconds else ("max_allowed" if allowed else None),
        "observed_minutes": seconds / 60 if seconds else None,
        "places_available": 1 if (group.get("availability") or {}).get("available") else 0,
    }
    return Candidate(fields=fields, raw=group)
