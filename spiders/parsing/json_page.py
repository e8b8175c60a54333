"""Loading a JSON page; a page that is not JSON raises MalformedPage for its parser to turn into a reject."""

import json
from typing import Any


class MalformedPage(ValueError):
    pass


def load_json(body: str) -> Any:
    try:
        return json.loads(body)
    except json.JSONDecodeError as exc:
        raise MalformedPage(f"invalid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None


def load_items(body: str, key: str) -> tuple[dict, list]:
    """The page's JSON object and the list under `key`; MalformedPage when the page is not JSON or has no such list."""
    data = load_json(body)
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise MalformedPage(f"expected {key}[] in a JSON object")
    return data, items
