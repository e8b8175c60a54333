"""The daily digest: the best opportunities above a person's minimum rate, and how each source did."""

import html
import os
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from contracts import Profile

_HEALTH_MARK = {"ok": "ok", "degraded": "degraded", "broken": "**BROKEN**", "failed": "**FAILED**"}
# Scraped text is cut to this many characters: a title is a line, not a page.
TEXT_LIMIT = 120
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+!|~])")
# Characters a link keeps as they are; anything else, parentheses and brackets included, is percent-encoded.
_URL_SAFE = ":/?#@!$&'*+,;=%~-._"


def _cell(value: Any, limit: int = TEXT_LIMIT) -> str:
    """Untrusted text made inert in Markdown and in the HTML a Markdown viewer produces."""
    text = " ".join(str(value if value is not None else "").split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return html.escape(_MARKDOWN.sub(r"\\\1", text), quote=False)


def _link(url: Any) -> str:
    """A Markdown link only for http and https; the URL percent-encoded so it cannot close the link early."""
    text = str(url or "")
    parts = urlsplit(text)
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return "—"
    return f"[open]({quote(text, safe=_URL_SAFE)})"


def _minutes(row: dict[str, Any]) -> str:
    if row["minutes_used"] is None or row["minutes_used"] != row["minutes_used"]:
        return "per hour" if row["minutes_source"] == "hourly rate" else "?"
    weak = " (weak)" if row["weak_estimate"] else ""
    return f"{row['minutes_used']:.0f} min ({row['minutes_p10']:.0f}–{row['minutes_p90']:.0f}){weak}"


# A watched requester's listing is shown down to this share of the minimum rate.
WATCHED_SLACK = 0.8


def _watched_near(row: dict[str, Any], minimum: float) -> bool:
    rate = row.get("rate_per_hour")
    return "watched requester" in (row.get("reasons") or []) and rate is not None and rate >= WATCHED_SLACK * minimum


def render(
    profile: Profile,
    run_id: str,
    day: date,
    rows: list[dict],
    health: list[dict],
    top: int,
    hidden: dict[str, int] | None = None,
) -> str:
    minimum = profile.min_hourly_rate
    above = [r for r in rows if not r["below_minimum"] or _watched_near(r, float(minimum.amount))]
    lines = [
        f"# taskrank digest — {profile.name} — {day.isoformat()}",
        "",
        f"Run `{run_id}` · minimum {minimum.amount:g} {minimum.currency}/h · {len(rows)} listings ranked, "
        f"{len(above)} at or above your minimum. Rates are expected pay per hour of real time: unpaid screen-outs, "
        "returns, rejections and searching are priced in.",
        "",
        *(["Your rules hid " + "; ".join(f"{n} ({_cell(reason)})" for reason, n in hidden.items()) + ".", ""]
          if hidden else []),
        "## Top opportunities",
        "",
    ]  # fmt: skip
    if above:
        lines += [
            "| # | Platform | Title | Pay | Time (p10–p90) | Expected rate/h (band) | Chance ≥ min | Why | Link |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for row in above[:top]:
            pay = f"{row['reward_amount']:.2f} {_cell(row['reward_currency'])}"
            rate = f"{row['rate_per_hour']:.2f} {row['rate_currency']} ({row['rate_low']:.2f}–{row['rate_high']:.2f})"
            why = "; ".join(row["reasons"] or [])
            lines.append(
                f"| {row['rank']} | {_cell(row['platform'])} | {_cell(row['title'])} | {pay} | {_minutes(row)} | "
                f"{rate} | {row['p_above_minimum']:.0%} | {_cell(why, 400)} | {_link(row['url'])} |"
            )
    else:
        lines.append("Nothing clears your minimum rate today.")
    lines += ["", "## Sources", ""]
    for source in health:
        mark = _HEALTH_MARK.get(source["health"], source["health"])
        note = f" — {_cell(source['message'], 400)}" if source.get("message") else ""
        lines.append(
            f"- {source['source']} ({source['mode']}): {mark} — {source['pages']} pages, {source['items']} items, "
            f"{source['rejects']} rejects{note}"
        )
    if not health:
        lines.append("- no sources recorded for this run")
    return "\n".join(lines) + "\n"


def write_digest(
    path: Path,
    profile: Profile,
    run_id: str,
    day: date,
    rows: list[dict],
    health: list[dict],
    top: int,
    hidden: dict[str, int] | None = None,
) -> Path:
    """Write atomically: a reader never sees half a digest."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(render(profile, run_id, day, rows, health, top, hidden), encoding="utf-8")
    os.replace(tmp, path)
    return path
