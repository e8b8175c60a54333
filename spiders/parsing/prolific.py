"""Prolific participant studies: the current API (reward objects in minor units) and the older flat fields, with the
names public tools read too (`places_available`, `pii_enabled`, `is_custom_screening`, average reward per hour)."""

from typing import Any

from spiders.parsing.json_page import MalformedPage, load_json
from spiders.parsing.markup import plain_text
from spiders.records import Candidate, Page, PageContext, Rejected, malformed, per_record

STUDY_URL = "https://app.prolific.com/studies/{id}"


def parse_page(body: str, ctx: PageContext) -> Page:
    try:
        data = load_json(body)
    except MalformedPage as exc:
        return malformed(str(exc), body, ctx)
    if not isinstance(data, dict) or not isinstance(data.get("results"), list):
        return malformed("no 'results' list in the envelope", body, ctx)
    links = data.get("_links") or {}
    next_url = (links.get("next") or {}).get("href")
    return Page(records=[_record(study, ctx) for study in data["results"]], next_url=next_url)


def _minor(value: Any) -> tuple[float | None, str | None]:
    """(major units, currency) from {amount, currency} or a bare number of minor units."""
    if isinstance(value, dict):
        return value["amount"] / 100, value.get("currency")
    return (value / 100, None) if isinstance(value, int | float) else (None, None)


@per_record
def _record(study: Any, ctx: PageContext) -> Candidate | Rejected:
    if not isinstance(study, dict):
        return Rejected(reason="result is not an object", raw=study, page_url=ctx.page_url)
    amount, currency = _minor(study.get("study_reward", study.get("reward")))
    seconds = study.get("average_completion_time_in_seconds")
    if seconds is None and study.get("average_completion_time") is not None:
        seconds = study["average_completion_time"] * 60
    per_hour, _ = _minor(study.get("study_average_reward_per_hour", study.get("average_reward_per_hour")))
    if seconds is None and per_hour and amount:
        seconds = amount / per_hour * 3600  # what participants really earned per hour implies their average time
    researcher = study.get("researcher") or {}
    places = study.get("places_available", study.get("total_available_places"))
    if "places_available" not in study and places is not None and study.get("places_taken") is not None:
        places = places - study["places_taken"]
    flags = ["personal_data"] if (study.get("pii") or {}).get("enabled") or study.get("pii_enabled") else []
    flags += ["in_study_screening"] if study.get("is_custom_screening") else []
    fields = {
        "listing_id": study["id"],
        "url": STUDY_URL.format(id=study["id"]),
        "title": study.get("name") or "",
        "description": plain_text(study.get("description")),
        "requester_id": researcher.get("id"),
        "requester_name": researcher.get("name"),
        "category": study.get("study_type"),
        "reward": {"amount": amount, "currency": currency or study.get("currency_code") or "GBP"},
        "pay_basis": "per_task",
        "minutes": study.get("estimated_completion_time"),
        "minutes_kind": "estimated" if study.get("estimated_completion_time") is not None else None,
        "observed_minutes": seconds / 60 if seconds else None,
        "places_available": places,
        "requirements": [str(d) for d in study.get("device_compatibility") or []],
        "devices": [str(d).lower() for d in study.get("device_compatibility") or []],
        # Prolific lists only the studies a participant's screeners already admit.
        "qualified": True,
        "posted_at": study.get("published_at") or study.get("date_created"),
        "flags": flags,
    }
    return Candidate(fields=fields, raw=study)
