"""The platform catalog: pay model, points, payouts and typical pay per platform, from a versioned data file."""

import tomllib
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from contracts.money import CURRENCIES


class TypicalPay(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    low: float = Field(gt=0)
    high: float = Field(gt=0)
    currency: str
    unit: Literal["hour"]
    source: str
    generic: bool = False

    @model_validator(mode="after")
    def _ordered(self) -> "TypicalPay":
        if self.low > self.high or self.currency not in CURRENCIES:
            raise ValueError(f"typical pay {self.low}–{self.high} {self.currency} is not a valid range")
        return self


class Points(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    unit: str
    per_currency_unit: float = Field(gt=0, description="points per one unit of the platform currency")
    source: str


class PlatformEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    url: str
    pay_model: Literal["per_task", "per_hour", "per_project", "per_audio_minute"]
    currency: str
    listings_need_login: bool
    listing_feed: bool
    points: Points | None = None
    payout_methods: list[str] = Field(default_factory=list)
    platform_fee_share: float | None = Field(default=None, ge=0, lt=1)
    payout_delay_days: int | None = None
    typical_pay: TypicalPay | None = None
    fee_source: str | None = None
    rate_card: bool = False
    notes: str | None = None

    @property
    def needs_rate_card(self) -> bool:
        """Platforms without a listing feed, or whose main work is not listed per task, appear as rate cards."""
        return self.typical_pay is not None and (self.rate_card or not self.listing_feed)


class Catalog(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str
    sources: dict[str, str]
    platforms: dict[str, PlatformEntry]

    @model_validator(mode="after")
    def _sources_exist(self) -> "Catalog":
        for key, entry in self.platforms.items():
            cited = [entry.fee_source, entry.typical_pay.source if entry.typical_pay else None]
            cited += [entry.points.source] if entry.points else []
            missing = [c for c in cited if c and c not in self.sources]
            if missing:
                raise ValueError(f"platform {key} cites unknown sources {missing}")
        return self


@cache
def load_catalog() -> Catalog:
    text = (resources.files("contracts") / "platforms.toml").read_text(encoding="utf-8")
    return Catalog.model_validate(tomllib.loads(text))


def points_per_unit(platform: str) -> float:
    """Points per currency unit for a points-paying platform, from the catalog."""
    points = load_catalog().platforms[platform].points
    if points is None:
        raise KeyError(f"the catalog has no points conversion for {platform}")
    return points.per_currency_unit
