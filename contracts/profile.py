"""A person's ranking profile: their minimum rate and what they will and will not do."""

from pydantic import BaseModel, ConfigDict, Field

from contracts.money import Money


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
