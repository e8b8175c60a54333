"""Dates as pages write them ("2026-12-01", "November 01, 2023 10:00 UTC", "posted 3 hours ago"), read by dateparser."""

import re
from datetime import UTC, datetime

import dateparser

_LEAD = re.compile(r"^(?:\s|:|posted|published|updated|expires|expiring|on)+", re.IGNORECASE)


def when(text: str | None, now: datetime) -> datetime | None:
    """The moment the text names, in UTC; relative phrases count back from `now` (the crawl's time)."""
    if not text or not text.strip():
        return None
    try:
        found = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        settings = {"RELATIVE_BASE": now.astimezone(UTC).replace(tzinfo=None), "TIMEZONE": "UTC",
                    "TO_TIMEZONE": "UTC", "RETURN_AS_TIMEZONE_AWARE": True}  # fmt: skip
        found = dateparser.parse(_LEAD.sub("", text), languages=["en"], settings=settings)
    if found is None:
        return None
    return found if found.tzinfo else found.replace(tzinfo=UTC)
