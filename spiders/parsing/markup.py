"""Text out of markup, with lxml directly: parsel's per-call selector machinery cost more than the parse itself."""

import html
import re

import lxml.html
from lxml import etree
from lxml.html import HtmlElement
from parsel import Selector

_TAGS = re.compile(r"<[^>]+>")
# Parsed by lxml with parsers made once; parsel built a new parser for every page, which cost half the parse.
_HTML = lxml.html.HTMLParser(encoding="utf-8")


def html_page(body: str) -> Selector:
    """An HTML page, ready for css/xpath; an empty or unparsable body gives an empty page."""
    try:
        root = lxml.html.document_fromstring(body.encode("utf-8"), parser=_HTML)
    except (etree.ParserError, ValueError):
        root = lxml.html.document_fromstring(b"<html></html>", parser=_HTML)
    return Selector(root=root, type="html")


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
