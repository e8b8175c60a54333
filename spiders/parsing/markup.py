"""Text out of markup, with lxml directly: parsel's per-call selector machinery cost more than the parse itself."""

import html
import re

from lxml.html import HtmlElement
from parsel import Selector

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(fragment: object) -> str:
    """An HTML fragment (a description field) as one line of text."""
    if not fragment:
        return ""
    return _SPACE.sub(" ", html.unescape(_TAGS.sub(" ", str(fragment)))).strip()


def node_text(node: Selector | HtmlElement) -> str:
    """All text under an element (or a selected one) as one line."""
    element = node.root if isinstance(node, Selector) else node
    if len(element) == 0:  # a cell holding only text, the common case, needs no walk
        return " ".join((element.text or "").split())
    return " ".join(" ".join(element.itertext()).split())
