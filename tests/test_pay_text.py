import pytest

from spiders.parsing.hints import minutes_hint
from spiders.parsing.pay_text import Pay, pay_from_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$14.00 per hour", Pay(14.0, "USD", None, True)),
        ("up to 12 USD/hr", Pay(12.0, "USD", None, True)),
        ("€0.45", Pay(0.45, "EUR")),
        ("<b>Hourly Range</b>: $13.00-$30.00", Pay(13.0, "USD", 30.0, True)),
        ("13-30 USD per hour", Pay(13.0, "USD", 30.0, True)),
        ("10 USD to 12 USD", Pay(10.0, "USD", 12.0)),
        ("Budget: $1,400", Pay(1400.0, "USD")),
        ("pays £6.50 an hour", Pay(6.5, "GBP", None, True)),
        ("Pays $1.20 per batch, 2-4 minutes", Pay(1.2, "USD")),
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
     ("about 3 hours", 180), ("Transcribe a 5 minute audio clip", None), ("Label 20 images", None)],
)  # fmt: skip
def test_minutes_hint(text, minutes):
    assert minutes_hint(text) == minutes
