"""One task a person did, from their own record: the ground truth for their effective hourly pay."""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from contracts.money import CURRENCIES

WorkStatus = Literal["approved", "rejected", "returned", "screened_out", "pending"]


class WorkLogEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    platform: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    listing_id: str | None = None
    title: str | None = None
    requester_id: str | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    minutes: float | None = Field(default=None, gt=0, le=24 * 60)
    earned: Decimal = Field(default=Decimal(0), ge=0)
    bonus: Decimal = Field(default=Decimal(0), ge=0)
    currency: str = "USD"
    status: WorkStatus

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        if value.upper() not in CURRENCIES:
            raise ValueError(f"unknown currency {value!r}")
        return value.upper()

    @field_validator("status", mode="before")
    @classmethod
    def _status_words(cls, value: str) -> str:
        return value.strip().lower().replace(" ", "_").replace("-", "_") if isinstance(value, str) else value

    @model_validator(mode="after")
    def _time_and_identity(self) -> "WorkLogEntry":
        if not self.listing_id and not self.title:
            raise ValueError("listing_id or title: give at least one")
        if self.minutes is None:
            if self.started_at is None or self.ended_at is None:
                raise ValueError("minutes: give minutes, or both started_at and ended_at")
            if (self.started_at.tzinfo is None) != (self.ended_at.tzinfo is None):
                raise ValueError("started_at and ended_at: give both with a time zone, or both without")
            span = (self.ended_at - self.started_at).total_seconds() / 60
            if not 0 < span <= 24 * 60:
                raise ValueError("ended_at: must be after started_at and within a day")
            object.__setattr__(self, "minutes", span)
        return self
