from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from contracts import Listing, Money, Profile


def listing(**overrides):
    fields = {
        "platform": "mturk",
        "listing_id": "3ABC",
        "url": "https://worker.mturk.com/projects/3ABC/tasks",
        "title": "Label images",
        "reward": {"amount": "0.50", "currency": "USD"},
        "minutes": 10,
        "minutes_kind": "estimated",
        "observed_at": datetime(2026, 11, 22, tzinfo=UTC),
        "source_mode": "snapshot",
        "run_id": "r1",
    }
    fields.update(overrides)
    return Listing.model_validate(fields)


def error_text(**overrides) -> str:
    with pytest.raises(ValidationError) as caught:
        listing(**overrides)
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in caught.value.errors())


def test_valid_listing_keeps_amount_and_meaning():
    item = listing()
    assert str(item.reward.amount) == "0.50"
    assert item.reward.currency == "USD"
    assert item.minutes_kind == "estimated"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reward": {"amount": "-1", "currency": "USD"}}, "reward.amount"),
        ({"reward": {"amount": "1", "currency": "XXQ"}}, "reward.currency"),
        ({"minutes": 0}, "minutes"),
        ({"listing_id": ""}, "listing_id"),
        ({"url": "not a url"}, "url"),
        ({"source_mode": "scraped"}, "source_mode"),
        ({"flags": ["made_up"]}, "flags"),
    ],
)
def test_refusals_name_the_field(overrides, field):
    assert error_text(**overrides).startswith(field)


def test_minutes_impossible_for_their_kind():
    assert "impossible for minutes_kind=estimated" in error_text(minutes=3000, minutes_kind="estimated")
    assert listing(minutes=3000, minutes_kind="max_allowed").minutes == 3000


def test_minutes_need_their_meaning():
    assert "minutes_kind" in error_text(minutes_kind=None)


def test_per_task_listing_needs_some_time():
    assert "minutes" in error_text(minutes=None, minutes_kind=None)
    assert listing(minutes=None, minutes_kind=None, title_minutes_hint=5).title_minutes_hint == 5


def test_money_normalises_currency_case():
    assert Money(amount=1, currency="gbp").currency == "GBP"


def test_profile_rejects_bad_country():
    with pytest.raises(ValidationError, match="country"):
        Profile(name="p", min_hourly_rate={"amount": 8, "currency": "USD"}, country="Britain")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"places_available": 10**30}, "places_available"),
        ({"proposals_min": 2**31}, "proposals_min"),
        ({"client_total_spent": "1e20"}, "client_total_spent"),
        ({"reward_max": "1e15"}, "reward_max"),
        ({"expires_at": "0001-01-01T00:00+14:00"}, "expires_at"),
        ({"posted_at": "9999-12-31T23:59:59-14:00"}, "posted_at"),
        ({"observed_at": "2300-01-01T00:00:00Z"}, "observed_at"),
    ],
)
def test_values_no_real_listing_carries_are_refused_at_the_contract_with_the_field(overrides, field):
    assert field in error_text(**overrides)


def test_a_zero_reward_is_kept_as_the_page_shows_it():
    assert listing(reward={"amount": "0.00", "currency": "USD"}).reward.amount == 0
