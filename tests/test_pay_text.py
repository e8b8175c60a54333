from datetime import UTC, datetime

import pytest
from conftest import OBSERVED_AT

from spiders.parsing.dates import when
from spiders.parsing.hints import minutes_hint
from spiders.parsing.pay_text import Pay, pay_fields, pay_from_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$14.00 per hour", Pay(14.0, "USD", None, "hour")),
        ("up to 12 USD/hr", Pay(12.0, "USD", None, "hour")),
        ("€0.45", Pay(0.45, "EUR")),
        ("<b>Hourly Range</b>: $13.00-$30.00", Pay(13.0, "USD", 30.0, "hour")),
        ("13-30 USD per hour", Pay(13.0, "USD", 30.0, "hour")),
        ("10 USD to 12 USD", Pay(10.0, "USD", 12.0)),
        ("Budget: $1,400", Pay(1400.0, "USD")),
        ("pays £6.50 an hour", Pay(6.5, "GBP", None, "hour")),
        ("Pays $1.20 per batch, 2-4 minutes", Pay(1.2, "USD")),
        ("AUD 70–100/hr", Pay(70.0, "AUD", 100.0, "hour")),
        ("CA$25 an hour", Pay(25.0, "CAD", None, "hour")),
        ("CAD 18.50 per hour", Pay(18.5, "CAD", None, "hour")),
        ("₹450 per task", Pay(450.0, "INR")),
        ("INR 1,200 per day, 8 hours a day", Pay(1200.0, "INR", None, "day", 8.0)),
        ("¥1,500 per survey", Pay(1500.0, "JPY")),
        ("JPY 2000/hr", Pay(2000.0, "JPY", None, "hour")),
        ("R$ 45,50 por tarefa", Pay(45.5, "BRL")),
        ("BRL 30 per hour", Pay(30.0, "BRL", None, "hour")),
        ("₱350 per hour", Pay(350.0, "PHP", None, "hour")),
        ("PHP 2,500 per week, 20-30 hours per week", Pay(2500.0, "PHP", None, "week", 25.0)),
        ("1.234,50 € per month", Pay(1234.5, "EUR", None, "month")),
        ("$150,000-180,000", Pay(150000.0, "USD", 180000.0, "year")),
        ("$135,000 to $155,000 plus stock options", Pay(135000.0, "USD", 155000.0, "year")),
        ("$95k", Pay(95000.0, "USD", None, "year")),
        ("Rate the relevance of feeds. 10-20 hours per week. $14.00 per hour.", Pay(14.0, "USD", None, "hour")),
        ("Takes 5 minutes, pays $0.50", Pay(0.5, "USD")),
        ("2-4 minutes", None),
        ("varies", None),
        ("", None),
    ],
)
def test_pay_from_text(text, expected):
    assert pay_from_text(text) == expected


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("Survey (~ 8 minutes)", 8), ("2-4 minute survey", 3), ("5 min", 5), ("30 seconds", 0.5),
     ("about 3 hours", 180), ("Transcribe a 5 minute audio clip", None), ("Label 20 images", None),
     # Lengths of material, not of the work (real 2017 MTurk titles and descriptions read like these).
     ("Record 13 quick videos of yourself. Each video should be 2 sec long.", None), ("Each clip 2 sec", None),
     ("Upload a 1-minute screencast of your screen", None),
     ("Listen to the song for at least 30 seconds and rate it", None),
     ("Record yourself speaking for 30 seconds", None), ("10-20 hours per week", None),
     # Watching, playing or a survey you record answers to: the duration is the work's.
     ("Play a game for 10 minutes", 10), ("Watch ads for 10 minutes", 10),
     ("Record your answers to a 10 minute survey", 10),
     # A time per item counts with the number of items, and not at all without one.
     ("Label 20 images, about 30 seconds per image", 10), ("Rate 10 tweets - 1 minute each", 10),
     ("About 30 seconds per image", None),
     # The work's own time beside a material length; a survey about videos is still timed.
     ("Watch a 3 minute video and answer 5 questions (about 6 minutes)", 6),
     ("A survey about videos you watched (5 minutes)", 5), ("Duration: 10 - 15 minutes", 12.5)],
)  # fmt: skip
def test_minutes_hint(text, minutes):
    assert minutes_hint(text) == minutes


@pytest.mark.parametrize(
    ("text", "fields"),
    [
        ("$0.50 per task", {"reward": {"amount": 0.5, "currency": "USD"}, "reward_max": None, "pay_basis": "per_task"}),
        ("AUD 70-100/hr", {"reward": {"amount": 70.0, "currency": "AUD"}, "reward_max": 100.0,
                           "pay_basis": "per_hour"}),
        (
            "$600 per week, 20-30 hours per week",
            {
                "reward": {"amount": 24.0, "currency": "USD", "original_amount": 600.0,
                           "original_unit": "per week of 25 hours"},
                "reward_max": None,
                "pay_basis": "per_hour",
            },
        ),
        ("$120 per day", "pay per day (120 USD) with no hours stated"),
        ("$4,000 per month", "a monthly salary (4,000 USD), not pay per task or hour"),
        ("$135,000 to $155,000 plus stock options", "a yearly salary (135,000 USD), not pay per task or hour"),
    ],
)  # fmt: skip
def test_pay_fields_by_unit(text, fields):
    """Day or week pay becomes hourly only with its hours stated; a salary is a reject, never pay per task."""
    assert pay_fields(pay_from_text(text)) == fields


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-05", datetime(2026, 12, 5, tzinfo=UTC)),
        ("Posted On: November 01, 2023 10:00 UTC", datetime(2023, 11, 1, 10, tzinfo=UTC)),
        ("Wed, 01 Nov 2023 10:00:00 +0000", datetime(2023, 11, 1, 10, tzinfo=UTC)),
        ("posted 3 hours ago", datetime(2026, 11, 22, 3, tzinfo=UTC)),
        ("2 days ago", datetime(2026, 11, 20, 6, tzinfo=UTC)),
        ("not a date", None),
    ],
)
def test_dates_as_pages_write_them(text, expected):
    """Relative dates count back from the crawl's own time, never the machine's clock."""
    assert when(text, OBSERVED_AT) == expected
