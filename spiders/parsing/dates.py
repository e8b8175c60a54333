"""Dates as pages write them ("2026-12-01", "November 01, 2023 10:00 UTC", "posted 3 hours ago"), read by dateparser."""

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache

from dateparser.date import DateDataParser

_LEAD = re.compile(r"^(?:\s|:|posted|published|updated|expires|expiring|on)+", re.IGNORECASE)


def when(text: str | None, now: datetime) -> datetime | None:
    """The moment the text names, in UTC; relative phrases count back from `now` (the crawl's time)."""
    if not text or not text.strip():
        return None
    text = _LEAD.sub("", text).strip()
    try:
        found = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            found = parsedate_to_datetime(text)  # RFC 822, as RSS writes dates
        except (TypeError, ValueError):
            found = _parser(now.astimezone(UTC).replace(tzinfo=None)).get_date_data(text).date_obj
    if found is None:
        return None
    return found.astimezone(UTC) if found.tzinfo else found.replace(tzinfo=UTC)


@lru_cache(maxsize=4)
def _parser(now: datetime) -> DateDataParser:
    """One parser per crawl time: building dateparser's parser costs more than a parse."""
    settings = {"RELATIVE_BASE": now, "TIMEZONE": "UTC", "TO_TIMEZONE": "UTC", "RETURN_AS_TIMEZONE_AWARE": True}
    return DateDataParser(languages=["en"], settings=settings)
