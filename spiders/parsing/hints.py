"""Time hints requesters write into titles and descriptions: "(~ 8 minutes)", "2-4 minute survey", "5 min".

A duration is read with its subject: the length of a clip, a recording or a screencast, or "at least 30 seconds" of
listening, describes the material, not the work; "30 seconds per image" is a time per item and counts only beside
the number of items ("20 images").
"""

import re

_NUMBER = r"\d{1,4}(?:\.\d+)?"
_UNIT = r"(?P<unit>hours?|hrs?\b|minutes?|mins?\b|m\b|seconds?|secs?\b)"
_DURATION = re.compile(
    rf"(?<![\d.$£€])(?P<low>{_NUMBER})(?:\s*(?:-|–|to)\s*(?P<high>{_NUMBER}))?\s*-?\s*{_UNIT}", re.IGNORECASE
)
# "10-20 hours per week" is a commitment over a period, not one task's length.
_PER_PERIOD = re.compile(r"^\s*(?:per|a|/|each)\s*(?:day|week|month|year)", re.IGNORECASE)
_UNIT_MINUTES = {"h": 60.0, "m": 1.0, "s": 1 / 60}
# Things that have a length of their own: a duration next to one of these is how long the material runs.
_MATERIAL = (
    r"audio|video|clip|recording|screencast|screen\s+recording|song|track|sound|footage|film|movie|voice\s*memo|"
    r"vlog|podcast|selfie|snippet|sample|speech|tape|youtube"
)
_MATERIAL_AFTER = re.compile(rf"^\s*(?:-?\s*(?:long|length)\s+)?(?:\w+\s+)?(?:{_MATERIAL})", re.IGNORECASE)
# "videos of yourself, each 2 sec", "a clip of 30 seconds", "listen to the track for 30 seconds", "record yourself
# speaking for 30 seconds"; watching or playing for ten minutes is the work itself.
_MATERIAL_BEFORE = re.compile(
    rf"(?:{_MATERIAL})s?\b[^.;:!?()]{{0,40}}$|\blisten\w*\b[^.;:!?()]{{0,40}}$"
    r"|\brecord\w*\s+(?:yourself|your\s+(?:voice|screen|face))\b[^.;:!?()]{0,40}$",
    re.IGNORECASE,
)
_AT_LEAST = re.compile(r"(?:at\s+least|minimum(?:\s+of)?|min\.?|no\s+less\s+than|over|more\s+than|>)\s*$", re.I)
# "30 seconds per image", "1 minute each", "about 2 min/question".
_PER_ITEM = re.compile(r"^\s*(?:per|each|for\s+each|/|a\s+piece)\b|^\s*/", re.IGNORECASE)
_EACH_BEFORE = re.compile(r"\beach\s+(?:\w+\s+)?(?:takes?|is|lasting|of)?\s*(?:about|around|~|approx\.?)?\s*$", re.I)
_ITEM_COUNT = re.compile(
    r"(?<![\d.$£€])(\d{1,4})\s+(?:\w+\s+){0,2}?(?:questions?|items?|images?|photos?|pictures?|screenshots?|"
    r"sentences?|words?|texts?|tweets?|posts?|pages?|receipts?|documents?|records?|entries|rows?|prompts?|"
    r"responses?|pairs?|tasks?|answers?|statements?|videos?|clips?|recordings?|products?|links?|websites?|urls?)\b",
    re.IGNORECASE,
)
LONGEST = 24 * 60


def minutes_hint(text: str) -> float | None:
    """The requester's own estimate of the work's minutes; a range gives its midpoint; None when it states none.

    Material lengths and "at least" durations are skipped; a time per item is multiplied by the stated number of
    items, and skipped when no number is stated.
    """
    if not text:
        return None
    for match in _DURATION.finditer(text):
        minutes = _minutes(match)
        if minutes is None:
            continue
        before, after = text[max(0, match.start() - 60) : match.start()], text[match.end() : match.end() + 40]
        if (
            _PER_PERIOD.match(after)
            or _MATERIAL_AFTER.match(after)
            or _MATERIAL_BEFORE.search(before)
            or _AT_LEAST.search(before)
        ):
            continue
        if _PER_ITEM.match(after) or _EACH_BEFORE.search(before):
            count = _ITEM_COUNT.search(text[: match.start()] + " " + text[match.end() :])
            if count is None:
                continue
            minutes *= int(count.group(1))
        if minutes <= LONGEST:
            return minutes
    return None


def _minutes(match: re.Match[str]) -> float | None:
    low = float(match.group("low"))
    high = float(match.group("high")) if match.group("high") else low
    if not 0 < low <= high:
        return None
    return (low + high) / 2 * _UNIT_MINUTES[match.group("unit")[0].lower()]
