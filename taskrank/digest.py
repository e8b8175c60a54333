"""The daily digest's files, all rendered from one Digest: Markdown, HTML (with the chart inline), CSV, JSON, SVG."""

import csv
import html
import io
import json
import math
import re
from dataclasses import asdict
from datetime import UTC, date, datetime
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


# What the listing's own time figure is, as the page states it.
_STATED = {"max_allowed": "allowed", "estimated": "stated", "observed_average": "average", "audio_length": "audio"}


def _minutes(row: dict[str, Any]) -> str:
    """The expected time with its band, then the listing's own figure (an allowance is not an estimate)."""
    if row["minutes_used"] is None or row["minutes_used"] != row["minutes_used"]:
        return "paid by the hour" if row["minutes_source"] == "hourly rate" else "?"
    weak = " (weak)" if row["weak_estimate"] else ""
    low, high = row["minutes_p10"], row["minutes_p90"]
    band = f"{low:.0f}–{_short(high)}" if low >= 1 else f"{_short(low)}–{_short(high)}"
    stated = row.get("minutes")
    kind = _STATED.get(row.get("minutes_kind") or "")
    own = f"; {kind} {_short(stated)}" if kind and isinstance(stated, int | float) and stated == stated else ""
    return f"{_short(row['minutes_used'])} ({band}){weak}{own}"


def _pay(row: dict[str, Any]) -> str:
    """Pay as the listing states it: an hourly job as a rate, with its range's top when it has one."""
    currency = for_terminal(_cut(row["reward_currency"], 8))
    if row.get("pay_basis") != "per_hour":
        return f"{_money(row['reward_amount'])} {currency}"
    top = row.get("reward_max")
    span = f"–{_money(top)}" if isinstance(top, int | float) and top == top and top > row["reward_amount"] else ""
    return f"{_money(row['reward_amount'])}{span} {currency}/h"


def _moment(value: Any, with_time: bool = True) -> str:
    if not isinstance(value, datetime):
        return "—"
    value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M UTC") if with_time else value.date().isoformat()


def _dates(row: dict[str, Any]) -> str:
    posted, expires = row.get("posted_at"), row.get("expires_at")
    parts = [f"posted {_moment(posted, False)}"] if posted else []
    parts += [f"closes {_moment(expires)}"] if expires else []
    return "; ".join(parts) or "—"


def _requester(row: dict[str, Any]) -> str:
    return _cut(row.get("requester_name") or row.get("requester_id") or "—", 60)


def _places(row: dict[str, Any]) -> str:
    places = row.get("places_now")
    return f"{places:,}" if isinstance(places, int) else "—"


def _short(minutes: float) -> str:
    """Minutes as a person reads them: under a minute in seconds, never "0 min"."""
    return f"{minutes * 60:.0f} s" if minutes < 1 else f"{minutes:.0f} min"


def _money(value: Any) -> str:
    return f"{value:.2f}" if isinstance(value, int | float) and math.isfinite(value) else "—"


def _percent(value: Any) -> str:
    return f"{value:.0%}" if isinstance(value, int | float) and math.isfinite(value) else "—"


def _listing_table(rows: list[dict], empty: str, more: int = 0, profile: str = "") -> list[str]:
    if not rows:
        return [empty]
    lines = [
        "| # | Platform | Title | Requester | Pay | Time (p10–p90) | Expected rate/h (band) | Chance ≥ min | "
        "Posted · closes | Places | Why | Link |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        band = f"{_money(row['rate_low'])}–{_money(row['rate_high'])}"
        rate = f"{_money(row['rate_per_hour'])} {_cell(row['rate_currency'])} ({band})"
        why = "; ".join(row["reasons"] or [])
        lines.append(
            f"| {row['rank']} | {_cell(row['platform'])} | {_cell(row['title'])} | "
            f"{_cell(_requester(row))} | {_cell(_pay(row))} | "
            f"{_minutes(row)} | {rate} | {_percent(row['p_above_minimum'])} | {_dates(row)} | {_places(row)} | "
            f"{_cell(why, 400)} | {_link(row['url'])} |"
        )
    if more:
        lines += ["", more_line(more, profile)]
    return lines


def more_line(more: int, profile: str) -> str:
    return f"… and {more:,} more: `taskrank top -p {_cell(profile, 60)} --limit 100`"


SECTIONS = [
    ("new", "New since the last run", "Nothing new above your minimum."),
    ("closing", "Closing soon (within 48 hours)", "Nothing closing soon."),
    ("filling", "Filling fast", "No listing lost a fifth of its places since the last run."),
    ("under", "Just under your minimum", "Nothing just under your minimum."),
]


FIRST_RUN = "This is the first run: every listing is new, so see the top list; the next run shows what appeared since."


def undated_line(count: int) -> str:
    return (f"{count:,} work-log rows have no start or end time and are not counted in any week: "
            "add started_at or ended_at to them.")  # fmt: skip


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
    top = _listing_table(d.top, "Nothing clears your minimum rate today.", d.more.get("top", 0), d.profile)
    lines += ["", "## Top opportunities", "", *top]
    for key, title, empty in SECTIONS:
        empty = FIRST_RUN if key == "new" and d.first_run else empty
        lines += ["", f"## {title}", "", *_listing_table(getattr(d, key), empty, d.more.get(key, 0), d.profile)]
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
    if d.undated:
        lines += ["", undated_line(d.undated)]
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
    pay=_pay,
    dates=_dates,
    places=_places,
    requester=_requester,
)


def render_html(d: Digest, chart: str) -> str:
    """HTML with autoescaped text, inline CSS and the chart inline: no scripts, fonts or requests elsewhere."""
    template = _ENVIRONMENT.get_template("digest.html.j2")
    return template.render(d=d, chart=chart, first_run_note=FIRST_RUN, undated_line=undated_line)


ROW_COLUMNS = ["section", "rank", "platform", "listing_id", "title", "requester_id", "requester_name", "pay_basis",
               "reward_amount", "reward_max", "reward_currency", "minutes", "minutes_kind", "minutes_used",
               "minutes_p10", "minutes_p90", "weak_estimate", "rate_per_hour", "rate_low", "rate_high",
               "rate_currency", "p_above_minimum", "below_minimum", "posted_at", "expires_at", "places_now",
               "url"]  # fmt: skip


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
