"""Pay written as text: "$14.00 per hour", "AUD 70–100/hr", "₹500 per task", "$135,000 to $155,000" — amount,
range, ISO 4217 currency and the unit of time it pays for. price-parser supplies the world's currency symbols and
reads numbers in every local style ("1.234,50"); this module finds the amount a currency is written beside."""

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from price_parser import Price
from price_parser._currencies import CURRENCIES as CURRENCY_INFO  # the library's table; no public accessor

from contracts.money import CURRENCIES
from spiders.records import OutOfScope

Unit = Literal["task", "hour", "day", "week", "month", "year"]

# Symbols many currencies share, read as job boards mean them.
_PREFERRED = {
    "$": "USD", "US$": "USD", "£": "GBP", "¥": "JPY", "₱": "PHP", "₹": "INR", "C$": "CAD", "A$": "AUD", "kr": "SEK"
}  # fmt: skip
# With no unit written, an amount this large in a currency worth about a dollar or more is a salary, not a task.
_SALARY_FLOOR = 10_000
_DOLLAR_LIKE = frozenset({"USD", "EUR", "GBP", "AUD", "CAD", "NZD", "CHF", "SGD"})
_NUMBER = r"\d{1,3}(?:[,.'\u00a0\u202f]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?"
_DASH = r"\s*(?:-|–|—|to)\s*"
# A minus right before the amount, not the dash of a range ("10-$20"): the sign is kept, so the contract refuses it.
_MINUS = re.compile(r"(?:^|[^\d.\s])\s*[-−]\s*$")
_UNIT_WORDS: dict[Unit, str] = {
    "hour": r"(?:per|an|a|/|each)\s*(?:hour|hr|h)\b|\bhourly\b",
    "day": r"(?:per|a|/)\s*day\b|\bdaily\b",
    "week": r"(?:per|a|/)\s*(?:week|wk)\b|\bweekly\b",
    "month": r"(?:per|a|/)\s*(?:month|mo)\b|\bmonthly\b",
    "year": r"(?:per|a|/)\s*(?:year|yr|annum)\b|\bannual(?:ly)?\b|\bp\.a\.|\bsalary\b",
    "task": r"(?:per|a|/|each)\s*(?:task|hit|text|item|survey|batch|job)\b",
}
_UNIT = re.compile("|".join(f"(?P<{unit}>{words})" for unit, words in _UNIT_WORDS.items()), re.IGNORECASE)
_WINDOW = 40


@dataclass(frozen=True)
class Pay:
    amount: float
    currency: str
    amount_max: float | None = None
    unit: Unit = "task"
    hours: float | None = None  # hours a day or a week, when the text states them

    @property
    def hourly(self) -> bool:
        return self.unit == "hour"


@cache
def _symbols() -> dict[str, str]:
    """Symbol or code -> ISO 4217 code: every active code, and each symbol only one active currency uses."""
    by_symbol: dict[str, set[str]] = defaultdict(set)
    for code, info in CURRENCY_INFO.items():
        for symbol in (info.get("s"), info.get("sn")):
            if symbol and code in CURRENCIES and (len(symbol) > 1 or not symbol.isalnum()) and symbol != "-":
                by_symbol[symbol.strip()].add(code)
    single = {symbol: codes.pop() for symbol, codes in by_symbol.items() if len(codes) == 1}
    return single | _PREFERRED | {code: code for code in CURRENCIES}


_AMOUNT = re.compile(rf"(?P<n>{_NUMBER})(?P<k>k\b)?")
_RANGE_TOP = re.compile(rf"{_DASH}(?P<c>\S{{0,4}}?)\s*(?P<n>{_NUMBER})(?P<k>k\b)?")
_RANGE_BOTTOM = re.compile(rf"(?P<n>{_NUMBER})(?P<k>k\b)?{_DASH}$")
_LONGEST_SYMBOL = 4


def _currency_beside(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The currency written right before or right after a number, and where the amount with it begins and ends."""
    symbols = _symbols()
    window = max(0, start - _LONGEST_SYMBOL - 1)
    before = text[window:start].rstrip()
    for size in range(min(_LONGEST_SYMBOL, len(before)), 0, -1):
        token = before[-size:]
        if token in symbols and not (token[0].isalpha() and before[-size - 1 : -size].isalpha()):
            return symbols[token], window + len(before) - size, end
    after = text[end : end + _LONGEST_SYMBOL + 1]
    gap = len(after) - len(after.lstrip())
    for size in range(min(_LONGEST_SYMBOL, len(after) - gap), 0, -1):
        token = after[gap : gap + size]
        if token in symbols and not (token[-1].isalpha() and after[gap + size : gap + size + 1].isalpha()):
            return symbols[token], start, end + gap + size
    return None


def pay_from_text(text: str | None) -> Pay | None:
    """The first amount (or range) written beside a currency, with the unit of time the text says it pays for."""
    if not text:
        return None
    # Numbers first, then a dictionary lookup beside each: one regex of every symbol tried at every position was slow.
    found = next(
        ((m, beside) for m in _AMOUNT.finditer(text) if (beside := _currency_beside(text, m.start(), m.end()))),
        None,
    )
    if found is None:
        return None
    match, (currency, start, end) = found
    low = high = _number(match["n"], match["k"])
    tail = _RANGE_TOP.match(text, end)
    if tail and (not tail["c"] or tail["c"] in _symbols()):
        high = _number(tail["n"], tail["k"])  # "$13.00-$30.00", "AUD 70–100/hr", "10 USD to 12 USD"
    elif start == match.start() and (head := _RANGE_BOTTOM.search(text, 0, start)):
        low = _number(head["n"], head["k"])  # "13-30 USD"
    if not 0 < low <= high:
        low = high
    unit = _unit(text, start, end)
    if unit == "task" and currency in _DOLLAR_LIKE and low >= _SALARY_FLOOR and not _UNIT.search(text):
        unit = "year"
    sign = -1 if _MINUS.search(text, 0, start) else 1
    return Pay(sign * low, currency, high if high > low and sign > 0 else None, unit, _hours(text, unit))


def _number(text: str, thousands: str | None = None) -> float:
    amount = Price.fromstring(text).amount
    return float(amount) * (1000 if thousands else 1) if amount is not None else 0.0


def _unit(text: str, start: int, end: int) -> Unit:
    """The unit written nearest after the amount, else just before it ("Hourly Range: $13"); per task otherwise."""
    after = _UNIT.search(text, end, end + _WINDOW)
    if after is None:
        before = list(_UNIT.finditer(text, max(0, start - _WINDOW), start))
        after = before[-1] if before else None
    return after.lastgroup if after is not None else "task"  # type: ignore[return-value]


def _hours(text: str, unit: Unit) -> float | None:
    """Hours a day or a week the text states ("8 hours a day", "10-20 hrs/week"): the middle of a range."""
    if unit not in ("day", "week"):
        return None
    stated = re.search(rf"(\d+(?:\.\d+)?)(?:{_DASH}(\d+(?:\.\d+)?))?\s*(?:hours|hrs|h)\s*(?:per|a|/|each)\s*{unit}",
                       text, re.IGNORECASE)  # fmt: skip
    if stated is None:
        return None
    low, high = float(stated[1]), float(stated[2] or stated[1])
    return (low + high) / 2 if 0 < low <= high else None


def pay_fields(pay: Pay) -> dict[str, Any] | str:
    """The listing's pay fields, or why this pay is not one task's or one hour's: a salary is never pay per task."""
    if pay.unit in ("year", "month"):
        period = "monthly" if pay.unit == "month" else "yearly"
        return OutOfScope(f"a {period} salary ({pay.amount:,.0f} {pay.currency}), not pay per task or hour")
    if pay.unit in ("day", "week"):
        if not pay.hours:
            return OutOfScope(f"pay per {pay.unit} ({pay.amount:g} {pay.currency}) with no hours stated")
        original = {"original_amount": pay.amount, "original_unit": f"per {pay.unit} of {pay.hours:g} hours"}
        return {
            "reward": {"amount": round(pay.amount / pay.hours, 4), "currency": pay.currency} | original,
            "reward_max": round(pay.amount_max / pay.hours, 4) if pay.amount_max else None,
            "pay_basis": "per_hour",
        }
    return {
        "reward": {"amount": pay.amount, "currency": pay.currency},
        "reward_max": pay.amount_max,
        "pay_basis": "per_hour" if pay.hourly else "per_task",
    }
