"""Where each spider looks for listings, checked on a page that yielded none: which selectors or keys came back empty
tells a person what changed on the site."""

import json

from spiders.parsing.markup import html_page

JSON = "json:"


def empty_probes(body: str, probes: tuple[str, ...]) -> list[str]:
    """The probes that found nothing on this page: CSS selectors on HTML, `json:a.b` key paths on JSON."""
    text = body.lstrip()
    if text[:1] in ("{", "["):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            return [p for p in probes if p.startswith(JSON)]
        return [p for p in probes if p.startswith(JSON) and not _found(data, p.removeprefix(JSON))]
    page = html_page(body)
    return [p for p in probes if not p.startswith(JSON) and not page.css(p)]


def _found(data: object, path: str) -> bool:
    for key in filter(None, path.split(".")):
        data = data.get(key) if isinstance(data, dict) else None
    return bool(data)
