"""The AI-training gig boards' public JSON: micro1 (POST, ideal hourly rate as a range) and Alignerr (GET, pay as
text), each hourly, with jobs that state no pay counted out of scope."""

import json

from conftest import OBSERVED_AT, SYNTHETIC
from pageserver import PageServer

from spiders.parsing import alignerr
from spiders.records import PageContext
from taskrank.crawling import crawl

FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False"}


def _rows(path):
    return {r["listing_id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}


def test_micro1_jobs_are_hourly_ranges_and_the_live_portal_is_paged_by_post(tmp_path):
    stats = crawl("micro1", tmp_path / "m.jsonl", snapshot=SYNTHETIC / "micro1", run_id="r", observed_at=OBSERVED_AT)
    assert (stats.items, stats.out_of_scope) == (2, 1)
    trainer = _rows(tmp_path / "m.jsonl")["syn-0001-micro1"]
    assert (trainer["pay_basis"], trainer["reward"]["amount"], trainer["reward_max"]) == ("per_hour", "40.0", "60.0")
    assert trainer["url"] == "https://jobs.micro1.ai/post/syn-0001-micro1"
    pages = {n: (SYNTHETIC / "micro1" / f"portal-page-{n}.json").read_bytes() for n in (1, 2)}
    with PageServer(pages) as server:
        live = crawl("micro1", tmp_path / "live.jsonl", mode="live", run_id="live", observed_at=OBSERVED_AT,
                     base_url=f"{server.url}/api/v1/job/portal?page=1&limit=2", settings=FAST, timeout=120)  # fmt: skip
    assert server.bodies == [{"action": "get_all_jobs", "filters": {}}] * 2
    assert (server.hits["page1"], server.hits["page2"], server.hits["page3"]) == (1, 1, 0)
    assert (live.pages, live.items, live.out_of_scope) == (2, 2, 1)


def test_alignerr_pay_text_becomes_hourly_pay_and_the_list_is_paged_by_offset(tmp_path):
    stats = crawl("alignerr", tmp_path / "a.jsonl", snapshot=SYNTHETIC / "alignerr", run_id="r",
                  observed_at=OBSERVED_AT)  # fmt: skip
    assert (stats.items, stats.out_of_scope) == (2, 1)
    rows = _rows(tmp_path / "a.jsonl")
    physics, writer = rows["syn001"], rows["syn002"]
    assert (physics["pay_basis"], physics["reward"]["amount"], physics["reward_max"]) == ("per_hour", "40.0", "60.0")
    assert (writer["pay_basis"], writer["reward"]["amount"]) == ("per_hour", "25.0")
    assert physics["url"] == "https://www.alignerr.com/jobs/syn001" and "<p>" not in physics["description"]
    ctx = PageContext("r", OBSERVED_AT, "live", "https://www.alignerr.com/api/jobs?limit=2&offset=0")
    body = json.dumps({"jobs": [{"id": "a", "title": "A", "pay": "$20/hr"}] * 2, "total": 5})
    assert alignerr.parse_page(body, ctx).next_url == "https://www.alignerr.com/api/jobs?limit=2&offset=2"
    last = PageContext("r", OBSERVED_AT, "live", "https://www.alignerr.com/api/jobs?limit=2&offset=4")
    assert alignerr.parse_page(json.dumps({"jobs": [{"id": "e", "title": "E", "pay": "$20"}], "total": 5}),
                               last).next_url is None  # fmt: skip


def test_turing_pay_is_read_from_the_description_and_a_short_list_is_a_lost_page(tmp_path):
    stats = crawl("turing", tmp_path / "t.jsonl", snapshot=SYNTHETIC / "turing", run_id="r", observed_at=OBSERVED_AT)
    assert (stats.items, stats.out_of_scope) == (2, 1)
    rows = _rows(tmp_path / "t.jsonl")
    coder, biologist = rows["9001"], rows["9002"]
    assert (coder["pay_basis"], coder["reward"]["amount"], coder["reward_max"]) == ("per_hour", "40.0", "60.0")
    assert (biologist["reward"]["amount"], biologist["pay_basis"]) == ("55.0", "per_hour")
    assert coder["url"] == "https://work.turing.com/jobs?jobId=9001"
    from spiders.parsing import turing

    ctx = PageContext("r", OBSERVED_AT, "live", "https://work.turing.com/api/jobs/all")
    body = (SYNTHETIC / "turing" / "jobs-all.json").read_text().replace('"totalCount": 3', '"totalCount": 1200')
    reasons = [str(r.reason) for r in turing.parse_page(body, ctx).records if hasattr(r, "reason")]
    assert "malformed page: the list returned 3 of 1200 jobs (page size 1000)" in reasons


def test_turing_live_is_one_post_asking_for_every_job(tmp_path):
    page = (SYNTHETIC / "turing" / "jobs-all.json").read_bytes()
    with PageServer({1: page}) as server:
        stats = crawl("turing", tmp_path / "t.jsonl", mode="live", run_id="live", observed_at=OBSERVED_AT,
                      base_url=f"{server.url}/api/jobs/all", settings=FAST, timeout=120)  # fmt: skip
    assert server.bodies == [{"searchQuery": "", "expertise": [], "location": [], "currentPage": 1, "pageSize": 1000}]
    assert (stats.pages, stats.items) == (1, 2)
