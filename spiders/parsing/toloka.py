"""Toloka task-suite pool groups: a bare array (anything else means no access); the observed average submit time is
the time that counts; the task link, training pools and task-kind flags by the names the Toloka web extension reads."""

from typing import Any

from spiders.parsing.json_page import MalformedPage, load_json
from spiders.records import Candidate, Page, PageContext, Rejected, malformed, per_record

PROJECT_URL = "https://toloka.ai/tasks/{project_id}"
TASK_URL = "https://toloka.yandex.com/task/{pool_id}?refUuid={ref}"
_KIND = "yt_project_class__snippet__"


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
    details = group.get("trainingDetails") or {}
    training = details.get("training")
    # A training pool's own reward is what it pays; the regular pool it opens is named, not paid here.
    later = details.get("regularPoolReward") if training else None
    description = " ".join(filter(None, [group.get("description") or "", later and f"Opens a pool paying {later}."]))
    ref = group.get("refUuid")
    fields = {
        "listing_id": str(pool["id"]),
        "url": TASK_URL.format(pool_id=pool["id"], ref=ref)
        if ref
        else PROJECT_URL.format(project_id=group["projectId"]),
        "title": group.get("title") or "",
        "description": description,
        "requester_id": None,
        "requester_name": requester.get("EN") if isinstance(requester, dict) else requester,
        "category": "training" if training else _task_kind(group),
        "reward": {"amount": pool["reward"], "currency": "USD"},
        "pay_basis": "per_task",
        "minutes": seconds / 60 if seconds else (allowed / 60 if allowed else None),
        "minutes_kind": "observed_average" if seconds else ("max_allowed" if allowed else None),
        "observed_minutes": seconds / 60 if seconds else None,
        "places_available": 1 if (group.get("availability") or {}).get("available") else 0,
    }
    return Candidate(fields=fields, raw=group)


def _task_kind(group: dict) -> str | None:
    """The kind of task the project's class flags name (classification, moderation, web_searching, field_task…)."""
    meta = ((group.get("projectMetaInfo") or {}).get("experimentMeta")) or {}
    kinds = (
        sorted(k.removeprefix(_KIND) for k, on in meta.items() if k.startswith(_KIND) and on)
        if isinstance(meta, dict)
        else []
    )
    return kinds[0] if kinds else None
