"""Amazon Mechanical Turk worker pages: the JSON list and the same objects in the HTML page's react props."""

import html
import json
import math
import re
from typing import Any

from spiders.records import Candidate, Page, PageContext, Rejected, malformed, per_record

TASK_URL = "https://worker.mturk.com/projects/{hit_set_id}/tasks"
_REACT_PROPS = re.compile(r'data-react-props="([^"]*bodyData[^"]*)"')


def parse_page(body: str, ctx: PageContext) -> Page:
    """Parse one saved or fetched page, JSON or HTML, into candidate listings."""
    try:
        envelope = _envelope(body)
    except ValueError as exc:
        return malformed(str(exc), body, ctx)
    results = envelope.get("results")
    if not isinstance(results, list):
        return malformed("no 'results' list in the envelope", body, ctx)
    records = [_record(item, ctx) for item in results]
    return Page(records=records, next_page=_next_page(envelope, len(results)))


def _envelope(body: str) -> dict[str, Any]:
    text = body.lstrip()
    if text.startswith("<"):
        match = _REACT_PROPS.search(text)
        if not match:
            raise ValueError("HTML page without a data-react-props bodyData attribute")
        props = json.loads(html.unescape(match.group(1)))
        return {"results": props.get("bodyData"), "num_results": len(props.get("bodyData") or [])}
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    return data


def _next_page(envelope: dict[str, Any], count: int) -> int | None:
    page, total = envelope.get("page_number"), envelope.get("total_num_results")
    size = envelope.get("page_size") or envelope.get("num_results") or count
    if not isinstance(page, int) or not isinstance(total, int) or not size:
        return None
    return page + 1 if page < math.ceil(total / size) else None


@per_record
def _record(item: Any, ctx: PageContext) -> Candidate | Rejected:
    if not isinstance(item, dict):
        return Rejected(reason="result is not an object", raw=item, page_url=ctx.page_url)
    reward = item["monetary_reward"]
    hit_set_id = item["hit_set_id"]
    seconds = item.get("assignment_duration_in_seconds")
    title = item.get("title") or ""
    fields = {
        "listing_id": hit_set_id,
        "url": TASK_URL.format(hit_set_id=hit_set_id),
        "title": title,
        "description": item.get("description") or "",
        "requester_id": item.get("requester_id"),
        "requester_name": item.get("requester_name"),
        "category": None,
        "reward": {
            "amount": reward["amount_in_dollars"],
            "currency": reward.get("currency_code") or "USD",
        },
        "pay_basis": "per_task",
        "minutes": seconds / 60 if isinstance(seconds, int | float) else seconds,
        "minutes_kind": "max_allowed" if seconds is not None else None,
        "places_available": item.get("assignable_hits_count"),
        "requirements": [_requirement(req) for req in item.get("project_requirements") or []],
        "posted_at": item.get("creation_time"),
        "expires_at": item.get("latest_expiration_time"),
        "qualified": _flag(item.get("caller_meets_requirements")),
    }
    return Candidate(fields=fields, raw=item)


def _requirement(req: dict[str, Any]) -> str:
    name = (req.get("qualification_type") or {}).get("name") or req.get("qualification_type_id") or "?"
    values = req.get("qualification_values") or []
    comparator = req.get("comparator") or ""
    return f"{name} {comparator} {','.join(str(v) for v in values)}".strip()


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None
