"""The daily digest's files, all rendered from one Digest: Markdown, HTML (with the chart inline), CSV, JSON, SVG."""

import csv
import html
import io
import json
import math
import re
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from contracts.landing import write_atomic
from taskrank.digest_chart import chart_svg
from taskrank.digest_model import Digest
from taskrank.inert_text import for_spreadsheet, for_terminal

_HEALTH_MARK = {"ok": "ok", "degraded": "degraded", "broken": "**BROKEN**", "failed": "**FAILED**"}
# Scraped text is cut to this many characters: a title is a line, not a page.
TEXT_LIMIT = 120
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|~])")
# Characters a link keeps as they are; anything else, parentheses and brackets included, is percent-encoded.
_URL_SAFE = ":/?#@!$&'*+,;=%~-._"


def _cell(value: Any, limit: int = TEXT_LIMIT) -> str:
    """Untrusted text made inert in Markdown and in the HTML a Markdown viewer produces."""
    return html.escape(_MARKDOWN.sub(r"\\\1", for_terminal(_cut(value, limit))), quote=False)


def _link(url: Any) -> str:
    """A Markdown link only for http and https; the URL percent-encoded so it cannot close the link early."""
    if not _is_web(url):
        return "—"
    return f"[open]({quote(str(url), safe=_URL_SAFE)})"


def _minutes(row: dict[str, Any]) -> str:
    if row["minutes_used"] is None or row["minutes_used"] != row["minutes_used"]:
        return "per hour" if row["minutes_source"] == "hourly rate" else "?"
    weak = " (weak)" if row["weak_estimate"] else ""
    low, high = (_short(row[name]) for name in ("minutes_p10", "minutes_p90"))
    return f"{_short(row['minutes_used'])} ({low}–{high}){weak}"


def _short(minutes: float) -> str:
    """Minutes as a person reads them: under a minute in seconds, never "0 min"."""
    return f"{minutes * 60:.0f} s" if minutes < 1 else f"{minutes:.0f} min"


def _money(value: Any) -> str:
    return f"{value:.2f}" if isinstance(value, int | float) and math.isfinite(value) else "—"


def _percent(value: Any) -> str:
    return f"{value:.0%}" if isinstance(value, int | float) and math.isfinite(value) else "—"


def _listing_table(rows: list[dict], empty: str) -> list[str]:
    if not rows:
        return [empty]
    lines = [
        "| # | Platform | Title | Pay | Time (p10–p90) | Expected rate/h (band) | Chance ≥ min | Why | Link |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        pay = f"{_money(row['reward_amount'])} {_cell(row['reward_currency'])}"
        band = f"{_money(row['rate_low'])}–{_money(row['rate_high'])}"
        rate = f"{_money(row['rate_per_hour'])} {_cell(row['rate_currency'])} ({band})"
        why = "; ".join(row["reasons"] or [])
        lines.append(
            f"| {row['rank']} | {_cell(row['platform'])} | {_cell(row['title'])} | {pay} | {_minutes(row)} | "
            f"{rate} | {_percent(row['p_above_minimum'])} | {_cell(why, 400)} | {_link(row['url'])} |"
        )
    return lines


SECTIONS = [
    ("new", "New since the last run", "Nothing new above your minimum."),
    ("closing", "Closing soon (within 48 hours)", "Nothing closing soon."),
    ("filling", "Filling fast", "No listing lost a fifth of its places since the last run."),
    ("under", "Just under your minimum", "Nothing just under your minimum."),
]


def render_markdown(d: Digest) -> str:
    lines = [
        f"# taskrank digest — {_cell(d.profile)} — {d.day.isoformat()}",
        "",
        f"Run `{_cell(d.run_id)}` · minimum {d.minimum:g} {d.currency}/h · {d.ranked} listings ranked, "
        f"{len(d.top)} shown at or above your minimum. Rates are expected pay per hour of real time: unpaid "
        "screen-outs, returns, rejections and searching are priced in.",
        "",
    ]
    lines += [f"**{_cell(s['source'])} is {s['health'].upper()}**: {_cell(s['message'], 300)}" for s in d.broken]
    lines += ["", "## Sources", ""]
    for source in d.health:
        mark = _HEALTH_MARK.get(source["health"], source["health"])
        note = f" — {_cell(source['message'], 400)}" if source.get("message") else ""
        lines.append(
            f"- {_cell(source['source'])} ({source['mode']}): {mark} — {source['pages']} pages, {source['items']} "
            f"items, {source['rejects']} rejects{note}"
        )
    if not d.health:
        lines.append("- no sources recorded for this run")
    if d.hidden:
        lines += ["", "Your rules hid " + "; ".join(f"{n} ({_cell(reason)})" for reason, n in d.hidden.items()) + "."]
    lines += ["", "## Top opportunities", "", *_listing_table(d.top, "Nothing clears your minimum rate today.")]
    for key, title, empty in SECTIONS:
        lines += ["", f"## {title}", "", *_listing_table(getattr(d, key), empty)]
    lines += ["", "## Rate cards (platforms without listings)", ""]
    for card in d.rate_cards:
        lines.append(f"- {_cell(card['title'])} — {_money(card['rate_per_hour'])} {card['rate_currency']}/h expected")
    if not d.rate_cards:
        lines.append("No rate cards.")
    lines += ["", "## Your week (work log)", ""]
    for week in d.week:
        mark = " (under your minimum)" if week["below_minimum"] else ""
        lines.append(
            f"- {_cell(week['platform'])}: {week['tasks']} tasks, {week['hours']:.1f} h, {_money(week['earned'])} "
            f"{d.currency}, {_money(week['per_hour'])} {d.currency}/h{mark}"
        )
    if not d.week:
        lines.append("No work logged in the last 7 days.")
    return "\n".join(lines) + "\n"


_ENVIRONMENT = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True, undefined=StrictUndefined
)
_ENVIRONMENT.filters.update(
    cut=lambda text, limit=TEXT_LIMIT: _cut(text, limit),
    safe_url=lambda url: quote(str(url), safe=_URL_SAFE) if _is_web(url) else None,
    money=_money,
    percent=_percent,
    minutes=lambda row: _minutes(row),
)


def render_html(d: Digest, chart: str) -> str:
    """HTML with autoescaped text, inline CSS and the chart inline: no scripts, fonts or requests elsewhere."""
    return _ENVIRONMENT.get_template("digest.html.j2").render(d=d, chart=chart)


ROW_COLUMNS = ["section", "rank", "platform", "listing_id", "title", "reward_amount", "reward_currency",
               "minutes_used", "minutes_p10", "minutes_p90", "weak_estimate", "rate_per_hour", "rate_low",
               "rate_high", "rate_currency", "p_above_minimum", "below_minimum", "url"]  # fmt: skip


def render_csv(d: Digest) -> str:
    """Every listing of every section, one row each; missing values are empty cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ROW_COLUMNS)
    for section in ("top", "new", "closing", "filling", "under", "rate_cards"):
        for row in getattr(d, section):
            writer.writerow([section if c == "section" else for_spreadsheet(_strict(row.get(c))) for c in ROW_COLUMNS])
    return buffer.getvalue()


def render_json(d: Digest) -> str:
    """The whole digest as strict JSON (null, never NaN)."""
    return json.dumps(_strict(asdict(d)), indent=2, default=str, allow_nan=False, ensure_ascii=False) + "\n"


def write_digest(folder: Path, d: Digest) -> list[Path]:
    """Markdown, HTML, CSV, JSON and the chart as SVG, each written whole or not at all."""
    chart = chart_svg(d)
    files = {
        f"{d.profile}.md": render_markdown(d),
        f"{d.profile}.html": render_html(d, chart),
        f"{d.profile}.csv": render_csv(d),
        f"{d.profile}.json": render_json(d),
        f"{d.profile}.svg": chart,
    }
    return [write_atomic(folder / name, text) for name, text in files.items()]


def _strict(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strict(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_strict(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _cut(text: Any, limit: int = TEXT_LIMIT) -> str:
    flat = " ".join(str(text if text is not None else "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _is_web(url: Any) -> bool:
    parts = urlsplit(str(url or ""))
    return parts.scheme.lower() in {"http", "https"} and bool(parts.netloc)
