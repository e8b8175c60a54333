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
