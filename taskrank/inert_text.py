"""Scraped text made inert for where people read it: terminals and spreadsheets."""

import re

# C0 and C1 controls (ESC starts every terminal escape: OSC 52 clipboard writes, CSI 2J clears), DEL, and the
# Unicode format characters that reorder or hide text (bidi overrides, zero-width joiners).
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# A spreadsheet reads a cell starting with one of these as a formula (=HYPERLINK(…), +cmd|…, -2+3, @SUM(…)).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def for_terminal(text: str) -> str:
    """The text with every control and escape character replaced by a space: nothing a terminal would act on."""
    return _CONTROLS.sub(" ", text)


def for_spreadsheet(value: object) -> object:
    """A cell a spreadsheet shows as text: control characters removed, a leading formula character quoted with '."""
    if not isinstance(value, str):
        return value
    text = for_terminal(value)
    return "'" + text if text.lstrip().startswith(_FORMULA_START) else text
