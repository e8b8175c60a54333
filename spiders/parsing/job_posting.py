"""schema.org JobPosting on any job board, read by extruct from JSON-LD, microdata and RDFa alike; pay from
baseSalary by its unit: hourly, per task, or a day or week with its hours."""

import hashlib
import re
from typing import Any
from urllib.parse import urlsplit

import extruct
from extruct.jsonld import JsonLdExtractor

from spiders.parsing.markup import html_page, plain_text
from spiders.parsing.pay_text import Pay, pay_fields
from spiders.records import Candidate, OutOfScope, Page, PageContext, Rejected, malformed, malformed_record, per_record

_SLUG = re.compile(r"[^a-z0-9]+")
_SCHEMA = re.compile(r"^https?://schema\.org/")
_UNITS = {"HOUR": "hour", "DAY": "day", "WEEK": "week", "MONTH": "month", "YEAR": "year", "TASK": "task", "": "task"}


def parse_page(body: str, ctx: PageContext, platform: str | None = None) -> Page:
    """Every JobPosting on the page; `platform` names the board, else the hiring organisation or the host."""
    base_url = _same_page(ctx.page_url)
    root = html_page(body).root
    postings: list[dict] = []
    records: list[Candidate | Rejected] = []
    # One script at a time, so a broken JSON-LD block costs only itself.
    for script in root.xpath('//script[@type="application/ld+json"]'):
        try:
            postings += [n for n in _nodes(JsonLdExtractor().extract_items(script, base_url)) if _is_posting(n)]
        except ValueError as exc:
            records.append(malformed_record(f"invalid JSON-LD ({exc})", script.text_content(), ctx))
    # Each syntax only where its attributes appear: RDFa's graph costs milliseconds on a page that has none.
    syntaxes = [s for s, mark in (("microdata", "itemscope"), ("rdfa", "typeof=")) if mark in body]
    marked = extruct.extract(body, base_url, syntaxes=syntaxes, uniform=True, errors="log") if syntaxes else {}
    postings += [n for n in _nodes(marked.get("microdata", [])) if _is_posting(n)]
    postings += _framed(marked.get("rdfa", []))
    if not postings and not records:
        return malformed("no JobPosting in the page's JSON-LD, microdata or RDFa", body, ctx)
    return Page(records=records + [posting_record(p, ctx, platform) for p in postings])


@per_record
def posting_record(posting: dict, ctx: PageContext, platform: str | None = None) -> Candidate | Rejected:
    """One JobPosting as a listing: hourly salaries become per-hour pay, a fixed value per task."""
    title = plain_text(posting.get("title"))
    url = posting.get("url") or _same_page(ctx.page_url)
    salary = _one(posting.get("baseSalary")) or {}
    value = _one(salary.get("value")) if isinstance(salary, dict) else None
    unit = str((value if isinstance(value, dict) else {}).get("unitText") or salary.get("unitText") or "").upper()
    low, high = _salary_range(value)
    if not title:
        return Rejected(reason="JobPosting without a title", raw=posting, page_url=ctx.page_url)
    if low is None:
        return Rejected(
            reason=OutOfScope("JobPosting without pay (no baseSalary value)"), raw=posting, page_url=ctx.page_url
        )
    if unit not in _UNITS:
        return Rejected(
            reason=OutOfScope(f"salary per {unit}: not task or hourly pay"), raw=posting, page_url=ctx.page_url
        )
    hours = _work_hours(posting.get("workHours")) if _UNITS[unit] in ("day", "week") else None
    pay = Pay(low, str(salary.get("currency") or "USD"), high if high and high > low else None, _UNITS[unit], hours)
    if isinstance(paid := pay_fields(pay), str):
        return Rejected(reason=paid, raw=posting, page_url=ctx.page_url)
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
        **paid,
        "countries": _countries(posting),
    }
    return Candidate(fields=fields, raw=posting)


def _nodes(data: Any) -> list[dict]:
    if isinstance(data, list):
        return [node for item in data for node in _nodes(item)]
    if isinstance(data, dict):
        return [data] + (_nodes(data["@graph"]) if "@graph" in data else [])
    return []


def _framed(graph: list[dict]) -> list[dict]:
    """RDFa's flat, expanded graph as nested schema.org objects, one per JobPosting."""
    by_id = {node.get("@id"): node for node in graph if isinstance(node, dict)}

    def nested(node: dict, seen: frozenset[str]) -> dict:
        out: dict[str, Any] = {"@type": [_SCHEMA.sub("", t) for t in node.get("@type", [])]}
        for key, values in node.items():
            if not key.startswith("@") and _SCHEMA.match(key):
                found = [_value(v, seen) for v in values if isinstance(v, dict)]
                out[_SCHEMA.sub("", key)] = found[0] if len(found) == 1 else found
        return out

    def _value(value: dict, seen: frozenset[str]) -> Any:
        if "@value" in value:
            return value["@value"]
        ref = value.get("@id")
        return nested(by_id[ref], seen | {ref}) if ref in by_id and ref not in seen else ref

    return [nested(node, frozenset({node.get("@id")})) for node in by_id.values() if _is_posting(node, rdfa=True)]


def _is_posting(node: dict, rdfa: bool = False) -> bool:
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(k == "JobPosting" or (rdfa and isinstance(k, str) and _SCHEMA.sub("", k) == "JobPosting") for k in kinds)


def _one(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _salary_range(value: Any) -> tuple[float | None, float | None]:
    if isinstance(value, int | float | str):
        return _float(value), None
    if not isinstance(value, dict):
        return None, None
    single = _float(value.get("value"))
    low, high = _float(value.get("minValue")), _float(value.get("maxValue"))
    return (low if low is not None else single if single is not None else high), high


def _work_hours(value: Any) -> float | None:
    """schema.org's workHours is text ("40 hours per week") or a number."""
    found = re.search(r"\d+(?:\.\d+)?", str(value)) if value is not None else None
    return float(found.group()) if found else None


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
