"""HTML lists whose rows are a table: cells found by their header's words, not by position."""

from parsel import Selector


def table_rows(page: Selector, table_css: str = "table") -> list[dict[str, Selector]]:
    """Per body row of the first matching table that has headers: {lower-case header: cell}."""
    for table in page.css(table_css):
        headers = [" ".join(h.css("*::text").getall()).strip().lower() for h in table.css("tr th")]
        if not headers:
            continue
        rows = []
        for row in table.css("tr"):
            cells = row.css("td")
            if cells:
                rows.append(dict(zip(headers, cells, strict=False)))
        return rows
    return []


def cell_text(cells: dict[str, Selector], *names: str) -> str:
    """The text of the first cell whose header contains one of the names."""
    for name in names:
        for header, cell in cells.items():
            if name in header:
                return " ".join(t.strip() for t in cell.css("*::text").getall() if t.strip())
    return ""
