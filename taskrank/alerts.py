"""Alerts: a push when good work appears, through apprise (email, ntfy, Discord, Telegram, Slack, webhooks …).

Each listing is announced once per alert; URLs may name secrets as ${VAR}, filled from the environment only when
sending, so they never reach files, logs or the warehouse.
"""

import os
import re
from typing import Any

import apprise

from ranking.profile_rules import keyword_pattern
from taskrank.errors import TaskrankError
from taskrank.settings import AlertRule

TITLE_LIMIT = 80
_PLACEHOLDER = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def pending(rule: AlertRule, rows: list[dict], minimum: float, sent: set[tuple[str, str]]) -> list[dict]:
    """Ranked rows this alert should announce: listings (not rate cards, not demoted) over its bars, not yet sent."""
    floor = rule.min_rate if rule.min_rate is not None else minimum
    words = keyword_pattern(rule.keywords)
    chosen = []
    for row in rows:
        rate, chance = row.get("rate_per_hour"), row.get("p_above_minimum")
        if row.get("source_mode") == "catalog" or row.get("demoted") or (row["platform"], row["listing_id"]) in sent:
            continue
        if not (isinstance(rate, float) and rate >= floor and (chance or 0) >= rule.min_probability):
            continue
        if rule.platforms and row["platform"] not in rule.platforms:
            continue
        if words is not None and not words.search(f"{row.get('title') or ''} {row.get('description') or ''}"):
            continue
        chosen.append(row)
    return chosen[: rule.max_listings]


def message(rule: AlertRule, rows: list[dict]) -> tuple[str, str]:
    """A short title and a plain-text body; scraped titles are cut and sent as text."""
    title = f"taskrank: {len(rows)} new listing{'s' if len(rows) != 1 else ''} for {rule.profile}"
    lines = [
        f"{_plain(row['title'])} — {row['platform']} — {row['rate_per_hour']:.2f} {row['rate_currency']}/h "
        f"({row['p_above_minimum']:.0%} chance above your minimum) {row.get('url') or ''}".strip()
        for row in rows
    ]
    return title, "\n".join(lines)


def send(rule: AlertRule, title: str, body: str) -> bool:
    """Notify every URL of the rule; True when apprise delivered to all of them."""
    notifier = apprise.Apprise()
    for url in rule.urls:
        if not notifier.add(_filled(rule, url)):
            raise TaskrankError(f"alert {rule.name!r}: apprise does not recognise one of its URLs")
    return bool(notifier.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT))


def _filled(rule: AlertRule, url: str) -> str:
    """The URL with each ${VAR} filled from the environment; any other "$" (in a password) is kept as written."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in os.environ:
            raise TaskrankError(f"alert {rule.name!r}: set {name} in the environment (its URL names it)")
        return os.environ[name]

    return _PLACEHOLDER.sub(value, url)


def _plain(text: Any) -> str:
    flat = " ".join(str(text or "").split())
    return flat if len(flat) <= TITLE_LIMIT else flat[: TITLE_LIMIT - 1] + "…"
