"""Rev freelancer work: the find-work JSON list and a saved project page; audio work is paid per audio minute."""

import re
from typing import Any

from spiders.parsing.json_page import MalformedPage, load_json
from spiders.parsing.markup import html_page
from spiders.records import Candidate, Page, PageContext, Rejected, malformed, malformed_record, per_record

PROJECT_URL = "https://www.rev.com/workspace/project/{number}"
_DUE = re.compile(r"due in\s+(?:(\d+)\s+days?,?\s*)?(?:(\d+)\s+hours?,?\s*)?(?:(\d+)\s+minutes?)?", re.IGNORECASE)
_PROJECT = re.compile(r'"projectNumber"\s*:\s*"([^"]+)"')
_WORDS = re.compile(r'"wordCount"\s*:\s*(\d+)')
_AUDIO = re.compile(r'"audioLength"\s*:\s*(\d+(?:\.\d+)?)')
_MONEY = re.compile(r"\$\s*(\d+(?:,\d{3})*(?:\.\d+)?)")


def parse_page(body: str, ctx: PageContext) -> Page:
    if body.lstrip().startswith(("[", "{")):
        try:
            data = load_json(body)
        except MalformedPage as exc:
            return malformed(str(exc), body, ctx)
        items = data if isinstance(data, list) else data.get("results")
        if not isinstance(items, list):
            return malformed("expected a list of projects", body, ctx)
        return Page(records=[_list_item(item, ctx) for item in items])
    return Page(records=[_project_page(body, ctx)])


def dollars(text: str | None) -> float | None:
    match = _MONEY.search(text or "")
    return float(match.group(1).replace(",", "")) if match else None


@per_record
def _list_item(item: Any, ctx: PageContext) -> Candidate | Rejected:
    number = item["projectNumber"]
    limit_ms = item.get("timeLimit")
    audio = item.get("audioLength")
    words = item.get("sizeInWords")
    fields = {
        "listing_id": number,
        "url": PROJECT_URL.format(number=number),
        "title": f"Rev project {number}" + (f" ({words} words)" if words else ""),
        "category": "transcription" if audio else "translation",
        "reward": {"amount": dollars(item["payment"]["payTotal"]), "currency": "USD"},
        "pay_basis": "per_task",
        "minutes": audio / 60 if audio else (limit_ms / 60000 if limit_ms else None),
        "minutes_kind": "audio_length" if audio else ("max_allowed" if limit_ms else None),
    }
    return Candidate(fields=fields, raw=item)


@per_record
def _project_page(body: str, ctx: PageContext) -> Candidate | Rejected:
    page = html_page(body)
    number = _PROJECT.search(body)
    if not number:
        return malformed_record("no projectNumber on the page", body, ctx)
    pay = next((d for d in (dollars(td.text) for td in page.root.iter("td")) if d is not None), None)
    due = _DUE.search(" ".join(page.root.itertext()))
    minutes = None
    if due and any(due.groups()):
        days, hours, mins = (int(g or 0) for g in due.groups())
        minutes = days * 1440 + hours * 60 + mins
    audio = _AUDIO.search(body)
    words = _WORDS.search(body)
    raw = {"projectNumber": number.group(1), "pay": pay, "due_minutes": minutes}
    fields = {
        "listing_id": number.group(1),
        "url": PROJECT_URL.format(number=number.group(1)),
        "title": f"Rev project {number.group(1)}" + (f" ({words.group(1)} words)" if words else ""),
        "category": "transcription" if audio else "translation",
        "reward": {"amount": pay, "currency": "USD"},
        "pay_basis": "per_task",
        "minutes": float(audio.group(1)) / 60 if audio else minutes,
        "minutes_kind": "audio_length" if audio else ("max_allowed" if minutes else None),
    }
    return Candidate(fields=fields, raw=raw)
