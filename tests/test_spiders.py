"""Every spider, walked: naming, contract output and fixtures; then each platform's fields per listing."""

import importlib
import inspect
import json
import pkgutil
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import OBSERVED_AT, PAGES, REAL_SAMPLES, SYNTHETIC
from pydantic import ValidationError

import spiders.platforms
from contracts import Listing
from spiders.bases import ListingSpider, snapshot_files
from spiders.pipelines import TextSignalsPipeline
from spiders.records import Candidate, OutOfScope, PageContext, Rejected, stamped

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
    dirs = [PAGES / name, SYNTHETIC / name]
    if name in REAL and REAL[name].is_dir():
        dirs.append(REAL[name])
    default = next(s for s in spider_classes() if s.name == name).default_snapshot
    return [d for d in dirs if d.is_dir() and snapshot_files(d)] + ([default] if default else [])


def parse_all(spider: type[ListingSpider], folder: Path) -> list[Candidate | Rejected]:
    records = []
    for path in [folder] if folder.is_file() else snapshot_files(folder):
        mode = spider.source_mode or "snapshot"
        ctx = PageContext("t", OBSERVED_AT, mode, path.as_uri(), platform=spider.platform)
        page = spider.parse_page(path.read_text(encoding="utf-8", errors="replace"), ctx)
        records += [stamped(record, ctx) for record in page.records]
    return records


def listings(name: str, folder: Path | None = None) -> dict[str, Listing]:
    spider = next(s for s in spider_classes() if s.name == name)
    out = {}
    for record in parse_all(spider, folder or PAGES / name):
        if isinstance(record, Candidate):
            try:
                item = Listing.model_validate(TextSignalsPipeline().process_item(record).fields)
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
    # Generic spiders read whatever board the config names, so they have no URL of their own.
    assert spider.live_url.startswith("https://") or (spider.live_url == "" and spider.page_param == "")


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
    assert study.description == "A 15 minute questionnaire."
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


def reasons(name: str, folder: Path | None = None) -> list[str]:
    spider = next(s for s in spider_classes() if s.name == name)
    folders = [folder] if folder else fixture_dirs(name)
    return [r.reason for d in folders for r in parse_all(spider, d) if isinstance(r, Rejected)]


def test_upwork_embedded_state_and_old_feed_pay_ranges():
    items = listings("upwork")
    hourly = items["1790000000000000001"]
    assert (hourly.reward.amount, hourly.reward_max, hourly.reward.currency, hourly.pay_basis) == (
        Decimal("8"), Decimal("15"), "USD", "per_hour")  # fmt: skip
    assert hourly.url == "https://www.upwork.com/jobs/~01aaaaaaaaaaaaaaa1" and hourly.minutes is None
    fixed = items["1790000000000000002"]
    assert (fixed.reward.amount, fixed.pay_basis, fixed.minutes, fixed.description_minutes_hint) == (
        Decimal("40"), "per_task", None, 180)  # fmt: skip
    assert fixed.title_minutes_hint is None
    # A fixed price with no time anywhere cannot be priced per minute: the contract rejects it.
    assert "1790000000000000003" not in items
    feed = [i for i in items.values() if "Transcribe" in i.title][0]
    assert (feed.reward.amount, feed.reward_max, feed.pay_basis, feed.category) == (
        Decimal("13"), Decimal("30"), "per_hour", "Transcription")  # fmt: skip
    budget = [i for i in items.values() if i.title == "Write 10 product descriptions"][0]
    assert (budget.reward.amount, budget.reward_max, budget.pay_basis, budget.description_minutes_hint) == (
        Decimal("400"), None, "per_task", 300)  # fmt: skip
    assert sorted(reasons("upwork")) == ["missing field 'type'", "no Hourly Range or Budget in the item"]


def test_upwork_job_feed_api_2021_shape():
    items = listings("upwork", SYNTHETIC / "upwork_api")
    hourly = items["1400000000000000001"]
    assert (hourly.reward.amount, hourly.reward_max, hourly.reward.currency, hourly.pay_basis, hourly.url) == (
        Decimal("15"), Decimal("30"), "USD", "per_hour", "https://www.upwork.com/jobs/~01ccccccccccccccc1")  # fmt: skip
    fixed = items["1400000000000000002"]
    assert (fixed.reward.amount, fixed.reward_max, fixed.pay_basis) == (Decimal("120"), None, "per_task")
    assert reasons("upwork", SYNTHETIC / "upwork_api") == [
        "hourly job with only a weekly budget: no hourly rate stated"
    ]


def test_upwork_2017_rss_hourly_item_without_a_range_is_a_reject_not_a_guess():
    items = listings("upwork", SYNTHETIC / "upwork_rss_2017")
    assert [(i.title, i.reward.amount, i.pay_basis) for i in items.values()] == [
        ("Data entry from scanned forms", Decimal("150"), "per_task")]  # fmt: skip
    assert reasons("upwork", SYNTHETIC / "upwork_rss_2017") == ["no Hourly Range or Budget in the item"]
    assert next(iter(items.values())).posted_at == datetime(2017, 3, 2, 10, tzinfo=UTC)


def test_upwork_follows_paging_from_the_state():
    spider = next(s for s in spider_classes() if s.name == "upwork")
    body = (PAGES / "upwork" / "search-page-1.html").read_text()
    ctx = PageContext(run_id="t", observed_at=OBSERVED_AT, source_mode="live", page_url="https://www.upwork.com/x")
    assert spider.parse_page(body, ctx).next_page == 2


def test_shorttask_table_by_headers():
    items = listings("shorttask")
    email = items["5101"]
    assert (email.reward.amount, email.reward.currency, email.minutes, email.minutes_kind, email.places_available) == (
        Decimal("0.05"), "USD", 10, "max_allowed", 1250)  # fmt: skip
    assert email.requester_name == "DataFinders"
    assert items["5102"].places_available == 40 and "5103" not in items
    assert reasons("shorttask") == ["task is not active"]


def test_shorttask_template_blocks():
    """The div.template.hits-tamplate layout the public ShortTask scraper reads, beside the table."""
    items = listings("shorttask", SYNTHETIC / "shorttask_templates")
    phone = items["6201"]
    assert (phone.title, phone.reward.amount, phone.reward.currency, phone.minutes, phone.places_available) == (
        "Find the phone number of a dental clinic", Decimal("0.08"), "USD", 10, 300)  # fmt: skip
    assert (phone.requester_name, phone.url) == ("LeadFinders", "http://www.shorttask.com/task.php?id=6201")
    assert phone.expires_at == datetime(2026, 12, 5, tzinfo=UTC)
    assert items["6202"].reward.amount == Decimal("0.35") and "6203" not in items
    assert reasons("shorttask", SYNTHETIC / "shorttask_templates") == ["row without a task link or a reward"]


def test_microworkers_places_and_social_engagement():
    items = listings("microworkers")
    search = items["8f1a2b"]
    assert (search.reward.amount, search.reward.currency, search.minutes, search.minutes_kind) == (
        Decimal("0.1"), "USD", 10, "max_allowed")  # fmt: skip
    assert search.places_available == 280 and search.requirements == ["success rate 85%"]
    assert "social_engagement" not in search.flags
    follow = items["8f1a2c"]
    assert follow.places_available == 0 and "social_engagement" in follow.flags
    assert items["8f1a2d"].minutes == 60
    assert reasons("microworkers") == ["row without a job link or a payment"]


def test_clickworker_jobs_from_pay_text_assessments_rejected():
    items = listings("clickworker")
    text = items["1204567"]
    assert (text.reward.amount, text.reward.currency, text.minutes, text.minutes_kind) == (
        Decimal("2.4"), "EUR", 15, "estimated")  # fmt: skip
    assert text.url == "https://workplace.clickworker.com/en/workplace/jobs/1204567/edit"
    queries = items["1204568"]
    assert (queries.reward.amount, queries.reward.currency, queries.minutes, queries.places_available) == (
        Decimal("0.03"), "USD", 0.5, None)  # fmt: skip
    assert sorted(reasons("clickworker")) == [
        "assessment: an unpaid qualification, not a paid job",
        "survey or offer wall (UHRS): pay varies by survey and screen-outs are unpaid, no task price"]  # fmt: skip


def test_appen_hourly_text():
    items = listings("appen")
    evaluator = items["1001"]
    assert (evaluator.reward.amount, evaluator.reward.currency, evaluator.pay_basis, evaluator.minutes) == (
        Decimal("14"), "USD", "per_hour", None)  # fmt: skip
    assert (items["1002"].reward.amount, items["1002"].pay_basis) == (Decimal("12"), "per_hour")
    assert reasons("appen") == ["no pay stated on the job card"]


def test_surveyjunkie_points_from_the_catalog():
    items = listings("surveyjunkie")
    survey = items["sj-901"]
    assert (survey.reward.amount, survey.reward.currency, survey.reward.original_amount) == (
        Decimal("1.2"), "USD", Decimal("120"))  # fmt: skip
    assert (survey.minutes, survey.minutes_kind, survey.places_available) == (12, "estimated", None)
    assert "screen_out_risk" in survey.flags and "multi_day" in items["sj-903"].flags
    assert len(items) == 3 and len(reasons("surveyjunkie")) == 1


def test_telus_json_ld_hourly_range():
    items = listings("telus")
    rater = items["TIAI-2026-0001"]
    assert (rater.platform, rater.reward.amount, rater.reward_max, rater.reward.currency, rater.pay_basis) == (
        "telus", Decimal("12"), Decimal("14.5"), "USD", "per_hour")  # fmt: skip
    assert rater.countries == ["US"] and rater.description.startswith("Evaluate search results")
    assert reasons("telus") == ["JobPosting without pay (no baseSalary value)"]


def test_generic_jobposting_graph_and_yearly_salary_rejected():
    items = listings("jobposting", SYNTHETIC / "jobposting")
    assert list(items) == ["ex-1"]
    job = items["ex-1"]
    assert (job.platform, job.reward.amount, job.reward.currency, job.pay_basis, job.countries) == (
        "example_data_co", Decimal("11"), "EUR", "per_hour", ["DE"])  # fmt: skip
    assert reasons("jobposting") == ["a yearly salary (40,000 EUR), not pay per task or hour"]


def test_generic_jobposting_in_microdata_and_rdfa():
    items = listings("jobposting", SYNTHETIC / "jobposting_markup")
    tagger, transcriber = items["md-1"], items["rdfa-1"]
    assert (tagger.platform, tagger.reward.amount, tagger.reward.currency, tagger.pay_basis) == (
        "maple_labels", Decimal("18"), "CAD", "per_hour")  # fmt: skip
    assert (transcriber.platform, transcriber.reward.amount, transcriber.reward_max, transcriber.reward.currency) == (
        "thames_audio", Decimal("12"), Decimal("14"), "GBP")  # fmt: skip
    assert reasons("jobposting", SYNTHETIC / "jobposting_markup") == [
        "a monthly salary (6,500 CAD), not pay per task or hour"]  # fmt: skip


def test_generic_feed_reads_pay_from_a_namespaced_salary_element():
    items = listings("feed", SYNTHETIC / "feed_namespaced")
    rater = items["job-501"]
    assert (rater.reward.amount, rater.reward_max, rater.reward.currency, rater.pay_basis) == (
        Decimal("70"), Decimal("100"), "AUD", "per_hour")  # fmt: skip
    assert (items["job-502"].reward.amount, items["job-502"].reward.currency) == (Decimal("24.5"), "CAD")
    day = items["job-505"].reward
    assert (day.amount, day.currency, day.original_amount, day.original_unit) == (
        Decimal("300"), "PHP", Decimal("2400"), "per day of 8 hours")  # fmt: skip
    assert reasons("feed", SYNTHETIC / "feed_namespaced") == [
        "a yearly salary (135,000 USD), not pay per task or hour",
        "a yearly salary (150,000 USD), not pay per task or hour",
    ]


def test_generic_feed_rss_and_atom():
    items = listings("feed", SYNTHETIC / "feed")
    rating = items["task-1001"]
    assert (rating.platform, rating.reward.amount, rating.pay_basis, rating.title_minutes_hint) == (
        "example_tasks", Decimal("1.2"), "per_task", 10)  # fmt: skip
    voice = items["task-1002"]
    assert (voice.reward.amount, voice.reward.currency, voice.pay_basis) == (Decimal("9.5"), "EUR", "per_hour")
    # "2-4 minute clips" is the material's length, not a working time: no time, so not a listing.
    assert "urn:example:gig:77" not in items
    letter = items["urn:example:gig:78"]
    assert (letter.platform, letter.reward.amount, letter.title_minutes_hint, letter.url) == (
        "gigs_example", Decimal("3"), 15, "https://gigs.example.net/g/78")  # fmt: skip
    assert reasons("feed") == ["no pay stated in the item"]


def test_flags_set_at_parse_time_from_the_page():
    spider = next(s for s in spider_classes() if s.name == "upwork")
    records = [r for r in parse_all(spider, PAGES / "upwork") if isinstance(r, Candidate)]
    instagram = next(r for r in records if r.fields["title"] == "Grow our Instagram")
    TextSignalsPipeline().process_item(instagram)
    assert {"social_engagement", "off_platform"} <= set(instagram.fields["flags"])


@pytest.mark.parametrize("spider", spider_classes(), ids=lambda s: s.name)
@pytest.mark.parametrize("body", ["", "not a page at all", "{", "<html><body><table>", "<?xml version='1.0'?><rss>"])
def test_any_body_becomes_records_never_an_exception(spider, body):
    ctx = PageContext(run_id="t", observed_at=OBSERVED_AT, source_mode="snapshot", page_url="file:///x")
    page = spider.parse_page(body, ctx)
    assert page.records and all(isinstance(r, Rejected) for r in page.records)


def test_listings_out_of_scope_are_told_apart_from_records_a_parser_could_not_read():
    """No pay stated, a salary, an unpaid assessment: read fine, not work priced per task or hour. A missing field a
    parser needs is not out of scope."""
    out_of_scope = {
        (name, r.reason)
        for name in ("feed", "upwork", "clickworker")
        for d in fixture_dirs(name)
        for r in parse_all(next(s for s in spider_classes() if s.name == name), d)
        if isinstance(r, Rejected) and r.out_of_scope
    }
    assert ("feed", "no pay stated in the item") in out_of_scope
    assert ("upwork", "no Hourly Range or Budget in the item") in out_of_scope
    assert ("clickworker", "assessment: an unpaid qualification, not a paid job") in out_of_scope
    unreadable = [r for r in parse_all(next(s for s in spider_classes() if s.name == "upwork"), PAGES / "upwork")
                  if isinstance(r, Rejected) and not r.out_of_scope]  # fmt: skip
    assert [r.reason for r in unreadable] == ["missing field 'type'"]


def test_prolific_names_public_tools_read_places_pii_screening_and_reward_per_hour():
    from spiders.parsing import prolific

    study = {"id": "65synthpulse000000000001", "name": "Shopping habits (synthetic)", "study_reward": 150,
             "currency_code": "GBP", "study_average_reward_per_hour": 900, "places_available": 12,
             "total_available_places": 300, "places_taken": 20, "pii_enabled": True, "is_custom_screening": True,
             "estimated_completion_time": 8}  # fmt: skip
    ctx = PageContext("r", OBSERVED_AT, "snapshot", "https://internal-api.prolific.com/", platform="prolific")
    page = prolific.parse_page(json.dumps({"results": [study]}), ctx)
    listing = Listing.model_validate(stamped(page.records[0], ctx).fields)
    # £1.50 at an average £9.00 an hour: participants took ten minutes on average.
    assert listing.observed_minutes == pytest.approx(10.0) and listing.places_available == 12
    assert {"personal_data", "in_study_screening"} <= set(listing.flags)


def test_toloka_task_link_training_pool_and_task_kind_by_the_extensions_names():
    from spiders.parsing import toloka

    groups = [
        {"projectId": 71, "title": "Is this search result relevant? (synthetic)", "refUuid": "syn-ref-1",
         "pools": [{"id": 5501, "reward": 0.03}], "projectStats": {"averageSubmitTimeSec": 40},
         "projectMetaInfo": {"experimentMeta": {"yt_project_class__snippet__relevance": True,
                                                "yt_project_class__snippet__moderation": False}}},
        {"projectId": 72, "title": "Training: label shoes (synthetic)",
         "pools": [{"id": 5502, "reward": 0, "assignmentMaxDurationSeconds": 600}],
         "trainingDetails": {"training": True, "regularPoolReward": 0.05}},
    ]  # fmt: skip
    ctx = PageContext("r", OBSERVED_AT, "snapshot", "https://toloka.yandex.com/api/", platform="toloka")
    relevance, training = (Listing.model_validate(stamped(r, ctx).fields)
                           for r in toloka.parse_page(json.dumps(groups), ctx).records)  # fmt: skip
    assert relevance.url == "https://toloka.yandex.com/task/5501?refUuid=syn-ref-1"
    assert relevance.category == "relevance" and relevance.observed_minutes == pytest.approx(40 / 60)
    assert (training.category, training.reward.amount) == ("training", Decimal("0"))
    assert "Opens a pool paying 0.05." in training.description and training.url == "https://toloka.ai/tasks/72"


def test_microworkers_rows_as_public_tools_read_them():
    from spiders.parsing import microworkers

    ctx = PageContext("r", OBSERVED_AT, "snapshot", "https://www.microworkers.com/jobs.php", platform="microworkers")
    body = (SYNTHETIC / "microworkers_rows" / "jobs.html").read_text(encoding="utf-8")
    records = microworkers.parse_page(body, ctx).records
    found = {c.fields["listing_id"]: Listing.model_validate(stamped(c, ctx).fields)
             for c in records if isinstance(c, Candidate)}  # fmt: skip
    assert (found["9a0001"].reward.amount, found["9a0001"].minutes, found["9a0001"].places_available) == (
        Decimal("0.15"), 10, 280)  # fmt: skip
    assert found["9a0002"].places_available == 0
    assert found["9a0002"].url == "https://www.microworkers.com/jobs_details.php?Id=9a0002"
    assert [str(r.reason) for r in records if isinstance(r, Rejected)] == ["job is not running"]


def test_clickworker_survey_walls_and_uhrs_are_out_of_scope_with_the_reason():
    from spiders.parsing import clickworker

    body = """<table><tr><td><a href="/en/workplace/jobs/1300001/edit">BitLabs Surveys</a></td><td>variable</td></tr>
    <tr><td><a href="/en/workplace/jobs/1300002/edit">UHRS</a></td><td>Payment: variable</td></tr>
    <tr><td><a href="/en/workplace/jobs/1300003/edit">Tag photos (synthetic)</a></td><td>$0.05</td>
    <td>1 minute</td></tr></table>"""  # SYNTHETIC: two wall rows beside a priced job
    ctx = PageContext("r", OBSERVED_AT, "snapshot", "https://workplace.clickworker.com/en/workplace/jobs")
    records = clickworker.parse_page(body, ctx).records
    reasons = [str(r.reason) for r in records if isinstance(r, Rejected)]
    assert [why.split(":")[0] for why in reasons] == ["survey or offer wall (BitLabs)", "survey or offer wall (UHRS)"]
    assert all(isinstance(r.reason, OutOfScope) for r in records if isinstance(r, Rejected))
    assert [c.fields["listing_id"] for c in records if isinstance(c, Candidate)] == ["1300003"]
