"""Rendering rows for people (rich tables) and programs (JSON, CSV)."""

import csv
import io
import json
import math
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from rich.console import Console
from rich.table import Table
from rich.text import Text

from taskrank.inert_text import for_spreadsheet, for_terminal

Format = Literal["table", "json", "csv"]

HEADERS = {"rank": "#", "position": "#", "reward_amount": "pay", "reward_currency": "cur", "minutes_used": "minutes",
           "rate_per_hour": "per hour", "rate_band": "band", "p_above_minimum": "P(≥min)",
           "below_minimum": "under min"}  # fmt: skip
# Narrowest readable width of a column (title and reasons shrink and wrap down to these), and what goes first.
_NARROWEST = {"rank": 4, "position": 4, "pay": 7, "platform": 10, "title": 24, "reward_amount": 7, "reward_currency": 4,
              "minutes_used": 7, "rate_per_hour": 8, "rate_band": 11, "p_above_minimum": 8, "reasons": 24}  # fmt: skip
DROP_ORDER = ["reasons", "rate_band", "reward_currency", "p_above_minimum", "platform"]
DERIVED = {
    "rate_band": lambda r: f"{r['rate_low']:.2f}–{r['rate_high']:.2f}" if _finite(r.get("rate_low")) else "—",
    "pay": lambda r: _pay(r),
    "position": lambda r: str(r["position"]),
}


def _plain(value: Any) -> Any:
    """A value JSON and CSV can hold: dates as ISO text, and no NaN or infinity (strict JSON has neither)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def render_rows(
    console: Console, columns: list[str], rows: list[dict[str, Any]], fmt: Format, title: str | None = None
) -> None:
    if fmt == "json":
        strict = [
            {k: [_plain(v) for v in r[k]] if isinstance(r[k], list) else _plain(r[k]) for k in columns} for r in rows
        ]
        _write(console, json.dumps(strict, indent=2, default=str, allow_nan=False) + "\n")
        return
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow(
                [
                    for_spreadsheet(";".join(map(str, v)) if isinstance(v, list) else _plain(v))
                    for v in (row[c] for c in columns)
                ]
            )  # csv writes None as an empty cell
        _write(console, buffer.getvalue())
        return
    columns, dropped = fit_columns(columns, console.width)
    # A narrow terminal: the title gets what the other columns leave (it is cut with an ellipsis, never the table).
    others = sum(_NARROWEST.get(c, 8) + 3 for c in columns if c != "title") + 4
    title_width = max(_NARROWEST["title"], min(40, console.width - others)) if dropped else 40
    table = Table(title=title)
    for column in columns:
        if column == "title":
            table.add_column(column, overflow="ellipsis", no_wrap=True, max_width=title_width)
        elif column == "reasons":
            table.add_column(column, overflow="fold", max_width=48)
        else:
            justify = "left" if column in {"platform", "listing_id"} else "right"
            header = HEADERS.get(column, column)
            width = 11 if column == "rate_band" else max(len(header), 4)
            table.add_column(header, no_wrap=True, justify=justify, min_width=width)
    for row in rows:
        # Text, not markup: scraped "[link=…]" or "[bold]" in a title must print as written.
        table.add_row(*[Text(for_terminal(DERIVED[c](row) if c in DERIVED else _cell(row[c]))) for c in columns])
    console.print(table)
    if dropped:
        hidden = ", ".join(HEADERS.get(c, c) for c in dropped)
        console.print(f"({hidden} left out at {console.width} columns: widen the terminal or use --format json)")


def fit_columns(columns: list[str], width: int) -> tuple[list[str], list[str]]:
    """The columns a table of this width shows readably, dropping the least needed first, and those dropped."""
    kept, dropped = list(columns), []
    for column in DROP_ORDER:
        if sum(_NARROWEST.get(c, 8) + 3 for c in kept) + 1 <= width:
            break
        if column in kept:
            kept.remove(column)
            dropped.append(column)
    return kept, dropped


def _write(console: Console, text: str) -> None:
    """Machine formats go to the console's file as they are: no highlighting pass (quadratic on a long line)."""
    console.file.write(text)
    console.file.flush()


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, float):
        return f"{value:.2f}" if math.isfinite(value) else "—"
    if isinstance(value, list):
        return "; ".join(map(str, value))
    return str(_plain(value))


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def _pay(row: dict[str, Any]) -> str:
    """Pay as the listing states it: an hourly job as a rate ("13.00–30.00/h"), a task as its amount."""
    amount, top = row.get("reward_amount"), row.get("reward_max")
    if not _finite(amount):
        return "—"
    if row.get("pay_basis") != "per_hour":
        return f"{amount:.2f}"
    return f"{amount:.2f}–{top:.2f}/h" if _finite(top) and top > amount else f"{amount:.2f}/h"
