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
from contracts.ranked import OUTPUT_COLUMNS, RANKED_COLUMNS, RankedRow, RankingInput
from contracts.stats import SourceStats
from contracts.worklog import WorkLogEntry, WorkStatus

__all__ = [
    "CURRENCIES",
    "FLAGS",
    "KEY_FIELDS",
    "MINUTES_LIMITS",
    "Listing",
    "MinutesKind",
    "OUTPUT_COLUMNS",
    "Money",
    "PayBasis",
    "SIGHTING_FIELDS",
    "Profile",
    "RANKED_COLUMNS",
    "RankedRow",
    "RankingInput",
    "SourceMode",
    "SourceStats",
    "WorkLogEntry",
    "WorkStatus",
]
