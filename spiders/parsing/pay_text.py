"""Pay written as text: "$14.00 per hour", "up to 12 USD/hr", "€0.45", "$13.00-$30.00" — amount, range, currency."""

import re
from dataclasses import dataclass

_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP"}
_NUMBER = r"(\d{1,6}(?:,\d{3})*(?:\.\d+)?)"
_CURRENCY = r"(US\$|\$|€|£|USD|EUR|GBP)"
_AMOUNT = re.compile(rf"{_CURRENCY}\s*{_NUMBER}|{_NUMBER}\s*{_CURRENCY}", re.IGNORECASE)
_RANGE = re.compile(
    rf"(?:{_CURRENCY}\s*)?{_NUMBER}\s*(?:{_CURRENCY})?\s*(?:-|–|to)\s*(?:{_CURRENCY}\s*)?{_NUMBER}\s*(?:{_CURRENCY})?",
    re.IGNORECASE,
)
_HOURLY = re.compile(r"(?:per|an|/|a)\s*(?:hour|hr)\b|\bhourly\b", re.IGNORECASE)


@dataclass(frozen=True)
class Pay:
    amount: float
    currency: str
    amount_max: float | None = None
    hourly: bool = False


def _currency(*symbols: str | None) -> str | None:
    for symbol in symbols:
        if symbol:
            return _SYMBOLS.get(symbol, symbol.upper())
    return None


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def pay_from_text(text: str | None) -> Pay | None:
    """The first amount (or range) in the text with its currency; hourly when the text says per hour."""
    if not text:
        return None
    hourly = bool(_HOURLY.search(text))
    for match in _RANGE.finditer(text):
        c1, low, c2, c3, high, c4 = match.groups()
        currency = _currency(c1, c2, c3, c4)
        if currency:  # without a currency a "2-4" is as likely minutes as money
            low_value, high_value = _number(low), _number(high)
            if 0 < low_value <= high_value:
                return Pay(low_value, currency, high_value if high_value > low_value else None, hourly)
    match = _AMOUNT.search(text)
    if match is None:
        return None
    c1, n1, n2, c2 = match.groups()
    return Pay(_number(n1 or n2), _currency(c1, c2) or "USD", None, hourly)
