"""HTML lists whose rows are a table: cells found by their header's words, not by position.

Rows and cells are walked as lxml elements: wrapping every cell in a parsel Selector cost more than the page parse.
"""

from lxml.html import HtmlElement
from parsel import Selector

from spiders.parsing.markup import node_text


def table_rows(page: Selector, table_css: str = "table") -> list[dict[str, HtmlElement]]:
    """Per body row of the first matching table that has headers: {lower-case header: cell element}."""
    for table in page.css(table_css):
        headers = [node_text(h).lower() for h in table.root.iter("th")]
        if not headers:
            continue
        rows = []
        for row in table.root.iter("tr"):
            cells = [cell for cell in row if cell.tag == "td"]
            if cells:
                rows.append(dict(zip(headers, cells, strict=False)))
        return rows
    return []


def row_texts(cells: dict[str, HtmlElement]) -> dict[str, str]:
    """Each cell's text once, by header."""
    return {header: node_text(cell) for header, cell in cells.items()}


def cell_text(texts: dict[str, str], *names: str) -> str:
    """The text of the first cell whose header contains one of the names."""
    for name in names:
        for header, text in texts.items():
            if name in header:
                return text
    return ""


def first_link(cells: dict[str, HtmlElement], *names: str) -> str:
    """The href of the first link in the first cell whose header contains one of the names."""
    for name in names:
        for header, cell in cells.items():
            if name in header:
                link = next(cell.iter("a"), None)
                return (link.get("href") or "") if link is not None else ""
    return ""
