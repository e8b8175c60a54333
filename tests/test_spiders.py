"""Every spider, walked: naming, contract output and fixtures; then each platform's fields per listing."""

import importlib
import inspect
import pkgutil
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DEMO_PAGES, OBSERVED_AT, REAL_SAMPLES, SYNTHETIC
from pydantic import ValidationError

import spiders.platforms
from contracts import Listing
from spiders.bases import ListingSpider, snapshot_files
from spiders.pipelines import RiskFlagPipeline
from spiders.records import Candidate, PageContext, Rejected, stamped

# Real captures are used where shared/real-samples has them; everything else is synthetic.
REAL = {"swagbucks": REAL_SAMPLES / "swagbucks", "rev": REAL_SAMPLES / "rev"}


def spider_classes() -> list[type[ListingSpider]]:
    found = []
    for module_info in pkgutil.iter_modules(spiders.platforms.__path__):
        module = importlib.import_module(f"spiders.platforms.{module_info.name}")
        found += [
            obj
            for obj in vars(module).values()
            if inspect.isclass(obj) and issubclass(obj, ListingSpider) and obj is not ListingSpider
        ]
    return found


def fixture_dirs(name: str) -> list[Path]:
    dirs = [DEMO_PAGES / name, SYNTHETIC / name]
    if name in REAL and REAL[name].is_dir():
        dirs.append(REAL[name])
    return [d for d in dirs if d.is_dir() and snapshot_files(d)]


def parse_all(spider: type[ListingSpider], folder: Path) -> list[Candidate | Rejected]:
    records = []
    for path in snapshot_files(folder):
        ctx = PageContext(run_id="t", observed_at=OBSERVED_AT, source_mode="snapshot", page_url=path.as_uri())
        page = spider.parse_page(path.read_text(encoding="utf-8", errors="replace"), ctx)
        records += [stamped(record, ctx) for record in page.records]
    return records


def listings(name: str, folder: Path | None = None) -> dict[str, Listing]:
    spider = next(s for s in spider_classes() if s.name == name)
    out = {}
    for record in parse_all(spider, folder or DEMO_PAGES / name):
        if isinstance(record, Candidate):
            try:
                item = Listing.model_validate(RiskFlagPipeline().process_item(record).fields)
            except ValidationError:
                continue
            out[item.listing_id] = item
    return out


@pytest.mark.parametrize("spider", spider_classes(), ids=lambda s: s.name)
def test_spider_is_declared_by_the_rules(spider):
    module = spider.__module__.rsplit(".", 1)[1]
    assert spider.name == module == spider.platform
    assert spider.__name__ == f"{module.capitalize()}Spider"
    assert callable(spider.parse_page)
    assert spider.live_url.startswith("https://")


@pytest.mark.parametrize("spider", spider_classes(), ids=lambda s: s.name)
def test_spider_has_fixtures_and_yields_contract_listings(spider):
    dirs = fixture_dirs(spider.name)
    if not dirs and spider.name in REAL and not REAL[spider.name].is_dir():
        pytest.skip(f"{spider.name}'s fixture is the real capture in {REAL[spider.name]}, not beside this checkout")
    assert dirs, f"{spider.name} has no fixture pages: add tests/fixtures/synthetic/{spider.name}/"
    valid = 0
    for folder in dirs:
        for record in parse_all(spider, folder):
            assert isinstance(record, Candidate | Rejected)
            if isinstance(record, Candidate):
                try:
                    Listing.model_validate(record.fields)
                    valid += 1
                except ValidationError:
                    pass
    assert valid > 0


def test_prolific_current_api_minor_units_and_observed_time():
    items = listings("prolific")
    study = items["65synth0000000000000001"]
    assert (study.reward.amount, study.reward.currency) == (Decimal("2.25"), "GBP")
    assert (study.minutes, study.minutes_kind, study.observed_minutes) == (15, "estimated", 13.5)
    assert study.places_available == 180
    assert study.description == "A  15 minute  questionnaire."
    game = items["65synth0000000000000002"]
    assert (game.reward.amount, game.reward.currency, game.observed_minutes, game.places_available) == (
        Decimal("1.5"), "USD", None, 1)  # fmt: skip
    assert "personal_data" in game.flags
    assert "65synth0000000000000003" not in items


def test_prolific_older_flat_fields():
    study = listings("prolific")["5fsynth000000000000000001"]
    assert (study.reward.amount, study.reward.currency) == (Decimal("0.8"), "GBP")
    assert (study.minutes, study.observed_minutes, study.places_available) == (6, 5.0, 90)


def test_toloka_observed_average_submit_time():
    items = listings("toloka")
    pool = items["3300001"]
    assert (pool.reward.amount, pool.reward.currency) == (Decimal("0.02"), "USD")
    assert (pool.minutes, pool.minutes_kind, pool.observed_minutes, pool.places_available) == (
        0.75, "observed_average", 0.75, 1)  # fmt: skip
    fallback = items["3300002"]
    assert (fallback.minutes, fallback.minutes_kind, fallback.places_available) == (15, "max_allowed", 0)
    assert len(items) == 2


def test_rev_find_work_list_keeps_audio_length():
    items = listings("rev")
    translation = items["TRSYN0000001P-1"]
    assert (translation.reward.amount, translation.minutes, translation.minutes_kind) == (
        Decimal("25.2"), 270, "max_allowed")  # fmt: skip
    audio = items["TCSYN0000002P-1"]
    assert (audio.reward.amount, audio.minutes, audio.minutes_kind) == (Decimal("3.75"), 5, "audio_length")
    assert "TRSYN0000003P-1" not in items


@pytest.mark.skipif(not REAL["rev"].is_dir(), reason="../shared/real-samples/rev is not beside this checkout")
def test_rev_real_project_page():
    project = listings("rev", REAL["rev"])["TR0503780210P-1"]
    assert (project.reward.amount, project.reward.currency) == (Decimal("23.04"), "USD")
    assert (project.minutes, project.minutes_kind) == (270, "max_allowed")
    assert project.title == "Rev project TR0503780210P-1 (390 words)"


@pytest.mark.skipif(
    not REAL["swagbucks"].is_dir(), reason="../shared/real-samples/swagbucks is not beside this checkout"
)
def test_swagbucks_real_survey_list():
    spider = next(s for s in spider_classes() if s.name == "swagbucks")
    records = parse_all(spider, REAL["swagbucks"])
    items = listings("swagbucks", REAL["swagbucks"])
    profiler = items["140346961"]
    assert (profiler.reward.amount, profiler.reward.currency, profiler.reward.original_amount) == (
        Decimal("0.05"), "USD", Decimal("5"))  # fmt: skip
    assert (profiler.minutes, profiler.minutes_kind, profiler.screen_out_reward) == (5, "estimated", Decimal("0.01"))
    assert "memberid" not in profiler.url
    pollfish = items["PF20230320"]
    assert (pollfish.reward.amount, pollfish.minutes) == (Decimal("0.1"), 7)
    walls = [r for r in records if isinstance(r, Rejected)]
    assert len(walls) == 1 and "partner wall" in walls[0].reason and "259 SB" in walls[0].reason


def test_respondent_search_results_and_project_detail():
    items = listings("respondent", SYNTHETIC / "respondent")
    interview = items["6551synth0001"]
    assert (interview.reward.amount, interview.reward.currency, interview.minutes, interview.minutes_kind) == (
        Decimal("100"), "USD", 30, "estimated")  # fmt: skip
    assert interview.category == "Technology" and interview.places_available is None
    diary = items["6551synth0002"]
    assert "multi_day" in diary.flags
    detail = items["6551synth0004"]
    assert (detail.reward.amount, detail.minutes, detail.countries) == (Decimal("120"), 90, ["US", "CA"])
    assert "6551synth0003" not in items  # hidden projects are rejected with the reason
