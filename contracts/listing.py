"""The listing contract: one record per task, survey or gig, whatever the platform."""

from datetime import UTC, datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from contracts.money import Money

PayBasis = Literal["per_task", "per_hour"]
MinutesKind = Literal["estimated", "observed_average", "max_allowed", "audio_length"]
SourceMode = Literal["live", "snapshot", "catalog"]

# Upper bounds per meaning: an MTurk allowance may be a year; a stated estimate or an average over a day is not real.
MINUTES_LIMITS: dict[str, float] = {
    "estimated": 24 * 60,
    "observed_average": 24 * 60,
    "max_allowed": 366 * 24 * 60,
    "audio_length": 24 * 60,
}

# Dates a listing may carry: anything outside is a page's mistake or a trap, never a real task's date.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)
# Counts are stored as 32-bit integers and amounts as DECIMAL(14,4): a value past either is refused with its reason.
LARGEST_COUNT = 2**31 - 1
LARGEST_AMOUNT = Decimal("9999999999.9999")

# A listing's identity, and what a sighting adds to it: everything else is what its page states (its content).
KEY_FIELDS = ("platform", "listing_id")
SIGHTING_FIELDS = ("observed_at", "run_id")

FLAGS = frozenset(
    {
        "upfront_fee",
        "off_platform",
        "personal_data",
        "social_engagement",
        "multi_day",
        "in_study_screening",
        "screen_out_risk",
        "rate_card",
    }
)


class Listing(BaseModel):
    """One opportunity as the page states it; reward per completion in major units."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    platform: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    listing_id: str = Field(min_length=1, max_length=200)
    url: str = Field(pattern=r"^(https?|file)://\S+$")
    title: str = Field(min_length=1)
    description: str = ""
    requester_id: str | None = None
    requester_name: str | None = None
    category: str | None = None
    # A reward of 0 is kept as the page shows it (compensation and bonus-paid HITs); ranking puts it below paid work.
    reward: Money
    screen_out_reward: Decimal | None = Field(
        default=None, ge=0, le=LARGEST_AMOUNT, description="paid on disqualification, same currency"
    )
    reward_max: Decimal | None = Field(
        default=None, gt=0, le=LARGEST_AMOUNT, description="top of a stated pay range, same currency"
    )
    pay_basis: PayBasis = "per_task"
    minutes: float | None = Field(default=None, gt=0)
    minutes_kind: MinutesKind | None = None
    title_minutes_hint: float | None = Field(default=None, gt=0, le=24 * 60, description="the title's own time")
    description_minutes_hint: float | None = Field(default=None, gt=0, le=24 * 60, description="the description's")
    observed_minutes: float | None = Field(default=None, gt=0, le=24 * 60)
    places_available: int | None = Field(default=None, ge=0, le=LARGEST_COUNT)
    requirements: list[str] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    posted_at: datetime | None = None
    expires_at: datetime | None = None
    observed_at: datetime
    source_mode: SourceMode
    run_id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.:+-]+$")
    flags: list[str] = Field(default_factory=list)
    # What a page says about the person and the client; None where the platform does not say.
    qualified: bool | None = Field(default=None, description="the person meets the listing's requirements")
    devices: list[str] = Field(default_factory=list, description="devices a study runs on; empty: any")
    client_payment_verified: bool | None = None
    client_total_spent: Decimal | None = Field(
        default=None, ge=0, le=LARGEST_AMOUNT, description="gig boards: the client's spend, USD"
    )
    client_rating: float | None = Field(default=None, ge=0, le=5)
    proposals_min: int | None = Field(
        default=None, ge=0, le=LARGEST_COUNT, description="at least this many proposals already"
    )

    @field_validator("posted_at", "expires_at", "observed_at")
    @classmethod
    def _plausible_date(cls, value: datetime | None) -> datetime | None:
        if value is not None and not within_dates(value):
            raise ValueError(f"{value.isoformat()} is outside {EARLIEST.year}–{LATEST.year}")
        return value

    @field_validator("flags")
    @classmethod
    def _known_flags(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - FLAGS)
        if unknown:
            raise ValueError(f"unknown flags {unknown}; known: {sorted(FLAGS)}")
        return sorted(set(value))

    @model_validator(mode="after")
    def _minutes_possible(self) -> "Listing":
        if self.reward_max is not None and self.reward_max < self.reward.amount:
            raise ValueError(f"reward_max={self.reward_max} is below the reward {self.reward.amount}")
        if (self.minutes is None) != (self.minutes_kind is None):
            raise ValueError("minutes and minutes_kind must be given together")
        if self.minutes is not None and self.minutes_kind is not None:
            limit = MINUTES_LIMITS[self.minutes_kind]
            if self.minutes > limit:
                raise ValueError(
                    f"minutes={self.minutes:g} is impossible for minutes_kind={self.minutes_kind} (limit {limit:g})"
                )
        hints = (self.title_minutes_hint, self.description_minutes_hint)
        timeless = self.minutes is None and self.observed_minutes is None and hints == (None, None)
        if self.pay_basis == "per_task" and timeless and self.source_mode != "catalog":
            raise ValueError("minutes: a per-task listing needs stated minutes, observed minutes or a title hint")
        return self


def within_dates(moment: datetime) -> bool:
    """Whether a date is one a real listing could carry; a date without a zone is read as UTC."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    try:
        return EARLIEST <= aware <= LATEST
    except OverflowError:
        return False
