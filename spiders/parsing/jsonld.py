"""schema.org JobPosting in JSON-LD: any job board's postings, hourly pay ranges from baseSalary."""

import hashlib
import json
import re
from typing import Any
from urllib.parse import urlsplit

from spiders.parsing.markup import html_page, plain_text
from spiders.records import Candidate, Page, PageContext, Rejected, malformed, malformed_record, per_record

_SLUG = re.compile(r"[^a-z0-9]+")


def parse_page(body: str, ctx: PageContext, platform: str | None = None) -> Page:
    """Every JobPosting on the page; `platform` names the board, else the hiring organisation or the host."""
    blocks = html_page(body).css('script[type="application/ld+json"]::text').getall()
    if not blocks:
        return malformed("no JSON-LD script on the page", body, ctx)
    postings: list[dict] = []
    records: list[Candidate | Rejected] = []
    for block in blocks:
        try:
            postings += [node for node in _nodes(json.loads(block)) if _is_posting(node)]
        except json.JSONDecodeError as exc:
            records.append(malformed_record(f"invalid JSON-LD ({exc.msg} at line {exc.lineno})", block, ctx))
    if not postings and not records:
        records.append(malformed_record("no JobPosting in the page's JSON-LD", body, ctx))
    return Page(records=records + [posting_record(p, ctx, platform) for p in postings])


@per_record
def posting_record(posting: dict, ctx: PageContext, platform: str | None = None) -> Candidate | Rejected:
    """One JobPosting as a listing: hourly salaries become per-hour pay, a fixed value per task."""
    title = plain_text(posting.get("title"))
    url = posting.get("url") or _same_page(ctx.page_url)
    salary = posting.get("baseSalary") or {}
    value = salary.get("value") if isinstance(salary, dict) else None
    unit = str((value or {}).get("unitText") or salary.get("unitText") or "").upper() if value is not None else ""
    low, high = _salary_range(value)
    if not title:
        return Rejected(reason="JobPosting without a title", raw=posting, page_url=ctx.page_url)
    if low is None:
        return Rejected(reason="JobPosting without pay (no baseSalary value)", raw=posting, page_url=ctx.page_url)
    if unit not in {"HOUR", "TASK", ""}:
        return Rejected(reason=f"salary per {unit}: not task or hourly pay", raw=posting, page_url=ctx.page_url)
    organisation = posting.get("hiringOrganization") or {}
    organisation_name = organisation.get("name") if isinstance(organisation, dict) else None
    fields = {
        "platform": platform or _slug(organisation_name) or _slug(urlsplit(url).hostname or "") or "jobposting",
        "listing_id": _identifier(posting, url, title),
        "url": url,
        "title": title,
        "description": plain_text(posting.get("description")),
        "requester_name": organisation_name,
        "category": plain_text(posting.get("occupationalCategory")) or None,
        "reward": {"amount": low, "currency": salary.get("currency") or "USD"},
        "reward_max": high if high and high > low else None,
        "pay_basis": "per_hour" if unit == "HOUR" else "per_task",
        "countries": _countries(posting),
    }
    return Candidate(fields=fields, raw=posting)


def _nodes(data: Any) -> list[dict]:
    if isinstance(data, list):
        return [node for item in data for node in _nodes(item)]
    if isinstance(data, dict):
        return [data] + (_nodes(data["@graph"]) if "@graph" in data else [])
    return []


def _is_posting(node: dict) -> bool:
    kind = node.get("@type")
    return kind == "JobPosting" or (isinstance(kind, list) and "JobPosting" in kind)


def _salary_range(value: Any) -> tuple[float | None, float | None]:
    if isinstance(value, int | float | str):
        return _float(value), None
    if not isinstance(value, dict):
        return None, None
    single = _float(value.get("value"))
    low, high = _float(value.get("minValue")), _float(value.get("maxValue"))
    return (low if low is not None else single if single is not None else high), high


def _float(value: Any) -> float | None:
    try:
        return float(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


def _identifier(posting: dict, url: str, title: str) -> str:
    identifier = posting.get("identifier")
    if isinstance(identifier, dict):
        identifier = identifier.get("value")
    if identifier:
        return str(identifier)
    # No id on the page: the posting's URL and title name it stably across runs.
    return hashlib.sha1(f"{url}|{title}".encode()).hexdigest()[:16]


def _countries(posting: dict) -> list[str]:
    found = []
    for place in _as_list(posting.get("jobLocation")) + _as_list(posting.get("applicantLocationRequirements")):
        if isinstance(place, dict) and place.get("@type") == "Country":
            place = {"addressCountry": place.get("name")}
        address = place.get("address", place) if isinstance(place, dict) else {}
        country = address.get("addressCountry") if isinstance(address, dict) else None
        if isinstance(country, dict):
            country = country.get("name")
        if isinstance(country, str) and len(country) == 2:
            found.append(country.upper())
    return sorted(set(found))


def _as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value] if value else []


def _slug(name: str | None) -> str:
    slug = _SLUG.sub("_", (name or "").lower()).strip("_")
    slug = slug.removeprefix("www_").removesuffix("_com")
    return slug if slug[:1].isalpha() else ""


def _same_page(page_url: str) -> str:
    return page_url if page_url.startswith(("http://", "https://", "file://")) else "file:///unknown"
