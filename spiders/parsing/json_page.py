"""Loading a JSON page; a page that is not JSON becomes one reject instead of an exception."""

import json
from typing import Any

from spiders.records import Page, PageContext, Rejected


class MalformedPage(ValueError):
    pass


def load_json(body: str) -> Any:
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        raise MalformedPage(f"invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None


def malformed(reason: str, body: str, ctx: PageContext) -> Page:
    return Page(records=[Rejected(reason=f"malformed page: {reason}", raw=body[:500], page_url=ctx.page_url)])
