"""The pydantic models every layer of taskrank agrees on."""

from contracts.listing import (
    FLAGS,
    KEY_FIELDS,
    MINUTES_LIMITS,
    SIGHTING_FIELDS,
    Listing,
    MinutesKind,
    PayBasis,
    SourceMode,
)
from contracts.money import CURRENCIES, Money
from contracts.profile import Profile
from contracts.stats import SourceStats
from contracts.worklog import WorkLogEntry, WorkStatus

__all__ = [
    "CURRENCIES",
    "FLAGS",
    "KEY_FIELDS",
    "MINUTES_LIMITS",
    "Listing",
    "MinutesKind",
    "Money",
    "PayBasis",
    "SIGHTING_FIELDS",
    "Profile",
    "SourceMode",
    "SourceStats",
    "WorkLogEntry",
    "WorkStatus",
]
