"""The rows after landing, declared once: what ranking reads of a listing (the `ranking_input` view) and what it
writes for each profile (the `ranked_listings` table). Column lists in the warehouse, the ranking and the outputs
come from these; the tests compare DESCRIBE of the view and the table with them."""

from datetime import datetime

from pydantic import BaseModel

from contracts.listing import MinutesKind, PayBasis, SourceMode


class RankingInput(BaseModel):
    platform: str
    listing_id: str
    url: str
    title: str
    description: str | None
    requester_id: str | None
    requester_name: str | None
    category: str | None
    reward_amount: float | None
    reward_currency: str
    screen_out_reward: float | None
    reward_max: float | None
    pay_basis: PayBasis
    minutes: float | None
    minutes_kind: MinutesKind | None
    title_minutes_hint: float | None
    description_minutes_hint: float | None
    observed_minutes: float | None
    places_available: int | None
    requirements_count: int
    countries: list[str]
    flags: list[str]
    source_mode: SourceMode
    first_seen: datetime
    last_seen: datetime
    qualified: bool | None
    devices: list[str]
    client_payment_verified: bool | None
    client_total_spent: float | None
    client_rating: float | None
    proposals_min: int | None
    still_open: bool


class RankedRow(BaseModel):
    """One listing ranked for one profile; in the order `taskrank top --format json|csv` prints it."""

    profile: str
    run_id: str
    rank: int
    platform: str
    listing_id: str
    title: str
    requester_id: str | None
    requester_name: str | None
    reward_amount: float
    reward_max: float | None
    reward_currency: str
    pay_basis: PayBasis
    minutes: float | None
    minutes_kind: MinutesKind | None
    minutes_p10: float | None
    minutes_used: float | None
    minutes_p90: float | None
    minutes_source: str
    weak_estimate: bool
    rate_per_hour: float | None
    rate_low: float | None
    rate_high: float | None
    rate_currency: str
    p_paid: float | None
    p_screen_out: float | None
    p_above_minimum: float | None
    below_minimum: bool
    demoted: bool
    reasons: list[str]
    flags: list[str]
    source_mode: SourceMode
    url: str


RANKED_COLUMNS = list(RankedRow.model_fields)
# What a person's own listing of a profile's ranking leaves out: who and which run it is for, and the listing's own
# time figure, which the estimate beside it replaces.
OUTPUT_COLUMNS = [c for c in RANKED_COLUMNS if c not in {"profile", "run_id", "minutes", "minutes_kind"}]
