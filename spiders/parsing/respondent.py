"""Respondent: v4 search results (a page of projects) and the v2 project detail (one project, wrapped)."""

from typing import Any

from spiders.parsing.json_page import MalformedPage, load_json
from spiders.records import Candidate, OutOfScope, Page, PageContext, Rejected, malformed, per_record

PROJECT_URL = "https://app.respondent.io/projects/view/{id}"


def parse_page(body: str, ctx: PageContext) -> Page:
    try:
        data = load_json(body)
    except MalformedPage as exc:
        return malformed(str(exc), body, ctx)
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        page, size, total = data.get("page"), data.get("pageSize"), data.get("totalResults")
        more = all(isinstance(v, int) for v in (page, size, total)) and page * size < total
        return Page(records=[_record(p, ctx) for p in data["results"]], next_page=page + 1 if more else None)
    if isinstance(data, dict) and isinstance(data.get("project"), dict):
        return Page(records=[_record({**data, **data["project"]}, ctx)])
    return malformed("expected v4 search results {results: [...]} or a v2 project {project: {...}}", body, ctx)


@per_record
def _record(project: Any, ctx: PageContext) -> Candidate | Rejected:
    if not isinstance(project, dict):
        return Rejected(reason="project is not an object", raw=project, page_url=ctx.page_url)
    if project.get("hidden"):
        return Rejected(reason=OutOfScope("hidden project"), raw=project, page_url=ctx.page_url)
    reward = project.get("respondentRemuneration", project.get("incentive"))
    minutes = project.get("timeMinutesRequired")
    topics = [t.get("name") for t in project.get("topics") or [] if isinstance(t, dict) and t.get("name")]
    countries = project.get("countries") or ([project["country"]] if project.get("country") else [])
    fields = {
        "listing_id": str(project["id"]),
        "url": PROJECT_URL.format(id=project["id"]),
        "title": project.get("name") or "",
        "description": project.get("description") or "",
        "category": topics[0] if topics else None,
        "reward": {"amount": reward, "currency": "USD"},
        "pay_basis": "per_task",
        "minutes": minutes,
        "minutes_kind": "estimated" if minutes else None,
        "countries": [c for c in countries if isinstance(c, str) and len(c) == 2],
        "posted_at": project.get("publishedAt") or project.get("createdAt"),
        "expires_at": project.get("expireAt"),
    }
    return Candidate(fields=fields, raw=project)
