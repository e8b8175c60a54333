"""One bad record costs only itself: the page's other listings land, and the bad one is a reject with its reason."""

import json

import pytest
from conftest import OBSERVED_AT, PAGES, REAL_SAMPLES, SYNTHETIC

from spiders.parsing import job_posting, mturk, prolific, swagbucks, toloka, upwork
from spiders.parsing.pay_text import pay_from_text
from spiders.records import Candidate, PageContext, Rejected
from taskrank.crawling import crawl

CTX = PageContext(run_id="r", observed_at=OBSERVED_AT, source_mode="snapshot", page_url="file:///page.json")


def _json(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _split(records) -> tuple[list[Candidate], list[Rejected]]:
    return [r for r in records if isinstance(r, Candidate)], [r for r in records if isinstance(r, Rejected)]


def _mturk(page: dict) -> dict:
    page["results"][0]["project_requirements"] = ["x"]
    return page


def _prolific(page: dict) -> dict:
    page["results"][0]["researcher"] = "not an object"
    return page


def _toloka(page: list) -> list:
    page[0]["pools"] = ["not an object"]
    return page


CASES = [
    (mturk, PAGES / "mturk" / "page-1.json", _mturk),
    (prolific, PAGES / "prolific" / "current.json", _prolific),
    (toloka, PAGES / "toloka" / "pool-groups.json", _toloka),
]


@pytest.mark.parametrize(("parser", "path", "spoil"), CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_a_nested_field_of_the_wrong_type_costs_only_its_record(parser, path, spoil):
    good, _ = _split(parser.parse_page(path.read_text(encoding="utf-8"), CTX).records)
    kept, rejected = _split(parser.parse_page(json.dumps(spoil(_json(path))), CTX).records)
    assert len(kept) >= len(good) - 1 and len(kept) >= 1
    assert any(r.page_url == CTX.page_url and r.reason for r in rejected)


def test_upwork_client_of_the_wrong_type_costs_only_its_job():
    body = (PAGES / "upwork" / "search-page-1.html").read_text(encoding="utf-8")
    good, _ = _split(upwork.parse_page(body, CTX).records)
    spoiled = body.replace('"client":{', '"client":"x","was":{', 1)
    kept, rejected = _split(upwork.parse_page(spoiled, CTX).records)
    assert len(kept) >= len(good) - 1 and len(kept) >= 1


def test_json_nested_past_any_sensible_depth_is_one_malformed_page(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (pages / "good.json").write_text((PAGES / "mturk" / "page-1.json").read_text(encoding="utf-8"))
    stats = crawl("mturk", tmp_path / "mturk.jsonl", snapshot=pages, run_id="r", observed_at=OBSERVED_AT)
    assert stats.items > 0 and stats.rejects >= 1 and stats.pages == 2


def test_a_non_string_title_is_a_reject_not_a_silent_drop(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    page = _json(PAGES / "mturk" / "page-1.json")
    page["results"][0]["title"] = 12345
    (pages / "page.json").write_text(json.dumps(page))
    stats = crawl("mturk", tmp_path / "mturk.jsonl", snapshot=pages, run_id="r", observed_at=OBSERVED_AT)
    rejects = [json.loads(line) for line in (tmp_path / "mturk.rejects.jsonl").read_text().splitlines()]
    good = len([r for r in _json(PAGES / "mturk" / "page-1.json")["results"]])
    assert stats.items + stats.rejects == good
    assert any("title" in r["reason"] for r in rejects)


@pytest.mark.parametrize("text", ["-$0.50", "Reward: -0.50 USD", "−€1.20"])
def test_a_negative_amount_keeps_its_sign(text):
    assert pay_from_text(text).amount < 0


def test_a_range_is_not_read_as_a_negative_amount():
    assert pay_from_text("$13.00-$30.00").amount == 13.0 and pay_from_text("10 - $20").amount == 20.0


def test_zero_pay_is_kept_as_the_page_shows_it_and_negative_pay_is_a_reject(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    page = _json(PAGES / "mturk" / "page-1.json")
    page["results"][0]["monetary_reward"]["amount_in_dollars"] = 0
    page["results"][1]["monetary_reward"]["amount_in_dollars"] = -0.5
    (pages / "page.json").write_text(json.dumps(page))
    crawl("mturk", tmp_path / "mturk.jsonl", snapshot=pages, run_id="r", observed_at=OBSERVED_AT)
    rejects = [json.loads(line) for line in (tmp_path / "mturk.rejects.jsonl").read_text().splitlines()]
    reasons = [r["reason"] for r in rejects]
    assert len(reasons) == 1 and "greater than or equal to 0" in reasons[0]
    landed = [json.loads(line) for line in (tmp_path / "mturk.jsonl").read_text().splitlines()]
    unpaid = [row for row in landed if row["listing_id"] == page["results"][0]["hit_set_id"]]
    assert len(unpaid) == 1 and float(unpaid[0]["reward"]["amount"]) == 0
    assert all(r["page_url"].endswith("/page.json") for r in rejects)


def test_synthetic_fixture_folder_is_still_labelled():
    assert "not real data" in (SYNTHETIC / "README.md").read_text(encoding="utf-8").lower()


def test_a_schema_org_salary_given_as_a_bare_number_costs_only_its_posting():
    body = (SYNTHETIC / "jobposting" / "board.html").read_text(encoding="utf-8")
    good, _ = _split(job_posting.parse_page(body, CTX).records)
    spoiled = body.replace('"value": {"value": 11, "unitText": "HOUR"}', '"value": 20', 1)
    assert spoiled != body
    kept, rejected = _split(job_posting.parse_page(spoiled, CTX).records)
    assert len(kept) >= len(good) - 1 and rejected


def test_upwork_paging_that_is_not_a_number_stops_paging_not_the_page():
    body = (PAGES / "upwork" / "search-page-1.html").read_text(encoding="utf-8")
    spoiled = body.replace('"paging": {"total": 120, "count": 50', '"paging": {"total": "many", "count": "x"', 1)
    assert spoiled != body
    page = upwork.parse_page(spoiled, CTX)
    assert len(_split(page.records)[0]) == len(_split(upwork.parse_page(body, CTX).records)[0]) and not page.next_page


@pytest.mark.skipif(not (REAL_SAMPLES / "swagbucks").is_dir(), reason="../shared/real-samples/swagbucks is absent")
def test_a_swagbucks_length_that_is_not_a_number_costs_only_its_survey():
    body = next((REAL_SAMPLES / "swagbucks").glob("*.html")).read_text(encoding="utf-8")
    good, _ = _split(swagbucks.parse_page(body, CTX).records)
    kept, rejected = _split(swagbucks.parse_page(body.replace('loi="5"', 'loi="five"', 1), CTX).records)
    assert len(kept) == len(good) - 1 and any("loi" in r.reason or "float" in r.reason for r in rejected)
