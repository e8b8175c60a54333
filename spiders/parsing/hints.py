"""Time hints requesters write into titles and descriptions: "(~ 8 minutes)", "2-4 minute survey", "5 min"."""

import re

# A length followed by "audio" or "clip" describes the material, not the work.
_MEDIA = r"(?!\s*(?:-?\s*long\s+)?(?:audio|video|clip|recording|song|track))"
_RANGE = re.compile(
    r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*(?:-|–|to)\s*(\d{1,3}(?:\.\d+)?)\s*(?:minutes?|mins?\b|m\b)" + _MEDIA,
    re.IGNORECASE,
)
_SINGLE = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)\s*(?:minutes?|mins?\b|m\b)" + _MEDIA, re.IGNORECASE)
_SECONDS = re.compile(r"(?<![\d.])(\d{1,4})\s*(?:seconds?|secs?\b)" + _MEDIA, re.IGNORECASE)
_HOURS = re.compile(r"(?<![\d.])(\d{1,2}(?:\.\d+)?)\s*(?:hours?|hrs?\b)" + _MEDIA, re.IGNORECASE)
# One cheap scan for any unit before the four exact patterns: most descriptions state no time at all.
_ANY_UNIT = re.compile(r"min|sec|hour|hrs?\b|\d\s*m\b", re.IGNORECASE)


def minutes_hint(text: str) -> float | None:
    """The requester's own time estimate in minutes; a range gives its midpoint."""
    if not text or not _ANY_UNIT.search(text):
        return None
    if match := _RANGE.search(text):
        low, high = float(match.group(1)), float(match.group(2))
        return (low + high) / 2 if 0 < low <= high else None
    if match := _SINGLE.search(text):
        value = float(match.group(1))
        return value if value > 0 else None
    if match := _SECONDS.search(text):
        value = int(match.group(1)) / 60
        return value if value > 0 else None
    if match := _HOURS.search(text):
        value = float(match.group(1)) * 60
        return value if 0 < value <= 24 * 60 else None
    return None
