"""Pay written as text: "$14.00 per hour", "up to 12 USD/hr", "€0.45", "$13.00-$30.00" — amount, range, currency."""

import re
from dataclasses import dataclass

_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP"}
_NUMBER = r"(\d{1,6}(?:,\d{3})*(?:\.\d+)?)"
_CURRENCY = r"(US\$|\$|€|£|USD|EUR|GBP)"
# Every amount names its currency: without one a "2-4" is as likely minutes as money.
_AMOUNT = re.compile(rf"{_CURRENCY}\s*{_NUMBER}|{_NUMBER}\s*{_CURRENCY}", re.IGNORECASE)
_AFTER = re.compile(rf"\s*(?:-|–|to)\s*(?:{_CURRENCY}\s*)?{_NUMBER}", re.IGNORECASE)
_BEFORE = re.compile(rf"{_NUMBER}\s*(?:-|–|to)\s*$", re.IGNORECASE)
_HOURLY = re.compile(r"(?:per|an|/|a)\s*(?:hour|hr)\b|\bhourly\b", re.IGNORECASE)
_ANY_CURRENCY = re.compile(r"[$€£]|usd|eur|gbp", re.IGNORECASE)
# A minus right before the amount, not the dash of a range ("10-$20"): the sign is kept, so the contract refuses it.
_MINUS = re.compile(r"(?:^|[^\d.\s])\s*[-−]\s*$")


@dataclass(frozen=True)
class Pay:
    amount: float
    currency: str
    amount_max: float | None = None
    hourly: bool = False


def pay_from_text(text: str | None) -> Pay | None:
    """The first amount (or range) in the text with its currency; hourly when the text says per hour."""
    if not text or not _ANY_CURRENCY.search(text):
        return None
    match = _AMOUNT.search(text)
    if match is None:
        return None
    symbol_first, number_after, number_before, symbol_after = match.groups()
    currency = _SYMBOLS.get(symbol_first or symbol_after, (symbol_first or symbol_after).upper())
    low = high = _number(number_after or number_before)
    if tail := _AFTER.match(text, match.end()):  # "$13.00-$30.00", "10 USD to 12 USD"
        high = _number(tail.group(2))
    elif number_before and (head := _BEFORE.search(text, 0, match.start())):  # "13-30 USD"
        low = _number(head.group(1))
    if not 0 < low <= high:
        low, high = high, high
    if _MINUS.search(text, 0, match.start()):
        return Pay(-low, currency, None, bool(_HOURLY.search(text)))
    return Pay(low, currency, high if high > low else None, bool(_HOURLY.search(text)))


def _number(text: str) -> float:
    return float(text.replace(",", ""))
