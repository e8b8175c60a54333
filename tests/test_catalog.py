"""The platform catalog file, the rate cards made from it, and the platforms table."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from conftest import run_cli
from test_ranking import profile, ranked, row

from contracts import Listing
from contracts.catalog import load_catalog, points_per_unit
from spiders.parsing import catalog
from spiders.records import Candidate, PageContext, stamped

SEEDS = {"mturk", "prolific", "clickworker", "appen", "shorttask", "swagbucks", "surveyjunkie", "respondent", "upwork",
         "fiverr", "taskrabbit", "rev", "telus", "toloka", "microworkers"}  # fmt: skip
NOW = datetime(2026, 11, 22, tzinfo=UTC)


def rate_cards(crawled: set[str]) -> list[Listing]:
    """The catalog source's parse of the bundled catalog, as a run crawling `crawled` lands it."""
    from spiders.platforms.catalog import CatalogSpider

    ctx = PageContext("r1", NOW, "catalog", CatalogSpider.default_snapshot.as_uri(), frozenset(crawled))
    page = catalog.parse_page(CatalogSpider.default_snapshot.read_text(encoding="utf-8"), ctx)
    return [Listing.model_validate(stamped(r, ctx).fields) for r in page.records if isinstance(r, Candidate)]


def test_catalog_covers_every_platform_with_sources_for_its_figures():
    catalog = load_catalog()
    assert set(catalog.platforms) >= SEEDS
    assert catalog.version
    for entry in catalog.platforms.values():
        assert entry.typical_pay is not None and entry.typical_pay.source in catalog.sources
    assert points_per_unit("swagbucks") == 100 and points_per_unit("surveyjunkie") == 100


def test_platforms_without_a_feed_get_rate_cards_even_when_everything_else_is_crawled():
    cards = {c.platform: c for c in rate_cards(SEEDS)}
    assert set(cards) == {"fiverr", "taskrabbit", "rev"}
    fiverr = cards["fiverr"]
    # Fiverr's seller keeps 80%: the generic 6–20 USD/h range becomes 4.80–16.00.
    assert (fiverr.reward.amount, fiverr.reward_max, fiverr.pay_basis) == (Decimal("4.8"), Decimal("16"), "per_hour")
    assert fiverr.flags == ["rate_card"] and fiverr.source_mode == "catalog"
    assert "Fiverr Terms of Service" in fiverr.description


def test_uncrawled_platforms_get_rate_cards_so_every_platform_shows_up():
    cards = rate_cards({"mturk"})
    assert {c.platform for c in cards} == SEEDS - {"mturk"}


def test_rate_card_ranks_on_its_range_and_says_what_it_is():
    card = rate_cards(SEEDS)[0].model_dump()
    flat = {**row("x", 0.0), **{k: card[k] for k in ("platform", "listing_id", "title", "pay_basis", "source_mode",
                                                     "flags", "reward_max")}}  # fmt: skip
    flat.update(reward_amount=float(card["reward"]["amount"]), reward_max=float(card["reward_max"]), minutes=None,
                minutes_kind=None)  # fmt: skip
    out = ranked([flat], profile(minimum=5))[0]
    assert out["minutes_source"] == "rate card, not a listing"
    assert out["rate_low"] < out["rate_per_hour"] < out["rate_high"]
    assert 0 < out["p_above_minimum"] < 1


def test_demo_run_shows_every_seed_platform_and_fills_the_platforms_table(data_dir, demo_ran):
    env = {"TASKRANK_DATA_DIR": str(data_dir)}
    done = run_cli("query", "SELECT DISTINCT platform FROM ranked_listings WHERE profile = 'demo'", "--format",
                   "csv", env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert set(done.stdout.split()[1:]) >= SEEDS
    done = run_cli("query", "SELECT count(*) AS n, min(catalog_version) AS v FROM platforms", "--format", "csv",
                   env=env)  # fmt: skip
    n, version = done.stdout.split()[1].split(",")
    assert int(n) == len(load_catalog().platforms) and version == load_catalog().version


@pytest.mark.parametrize("bad", [{"low": 5, "high": 2}, {"low": 1, "high": 2, "currency": "XXX"}])
def test_bad_typical_pay_is_refused(bad):
    from pydantic import ValidationError

    from contracts.catalog import TypicalPay

    with pytest.raises(ValidationError):
        TypicalPay(**{"currency": "USD", "unit": "hour", "source": "s", **bad})
