"""A person's ranking profile: their minimum rate and what they will and will not do."""

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from contracts.money import Money

Device = Literal["desktop", "mobile", "tablet"]


class Profile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z0-9_-]+$")
    min_hourly_rate: Money
    platforms: list[str] = Field(default_factory=list, description="empty means every platform")
    country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    include_keywords: list[str] = Field(default_factory=list)
    exclude_keywords: list[str] = Field(default_factory=list)
    blocked_requesters: list[str] = Field(default_factory=list)
    exclude_flags: list[str] = Field(default_factory=list)
    qualified_only: bool = Field(default=False, description="hide listings whose page says you do not qualify")
    min_reward: Decimal | None = Field(default=None, ge=0, description="in the profile's currency")
    max_minutes: float | None = Field(default=None, gt=0, description="hide work expected to take longer")
    watched_requesters: list[str] = Field(default_factory=list, description="shown even just under the minimum")
    hide_done: bool = Field(
        default=True, description="hide listings your work log shows done, returned or screened out"
    )
    client_payment_verified: bool = Field(default=False, description="gig boards: only clients with verified payment")
    min_client_spend: Decimal | None = Field(default=None, ge=0, description="gig boards: client's total spend, USD")
    min_client_rating: float | None = Field(default=None, ge=0, le=5)
    max_proposals: int | None = Field(default=None, ge=1, description="gig boards: fewer proposals than this")
    devices: list[Device] = Field(default_factory=list, description="the devices you have; empty: any study")

    @model_validator(mode="after")
    def _no_overlap(self) -> "Profile":
        both = sorted(set(self.watched_requesters) & set(self.blocked_requesters))
        if both:
            raise ValueError(f"requesters both watched and blocked: {both}")
        return self
