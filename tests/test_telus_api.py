"""TELUS International AI's public job API: hourly compensation as per-hour pay, out-of-scope posts counted apart,
and live paging by POST bodies until `pagination.pages`, with the same robots and identity as GET sources."""

import json

from conftest import OBSERVED_AT, SYNTHETIC
from pageserver import PageServer

from taskrank.crawling import crawl

API = SYNTHETIC / "telus_api"
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False"}


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_saved_api_pages_become_hourly_listings_and_salaries_are_out_of_scope(tmp_path):
    out = tmp_path / "telus.jsonl"
    stats = crawl("telus", out, snapshot=API, run_id="r", observed_at=OBSERVED_AT)
    assert (stats.pages, stats.items, stats.rejects, stats.out_of_scope) == (2, 3, 2, 2)
    rows = {r["listing_id"]: r for r in _lines(out)}
    rater = rows["101"]
    assert (rater["pay_basis"], rater["reward"]["amount"], rater["reward"]["currency"]) == ("per_hour", "14.5", "USD")
    assert rater["url"] == "https://www.telusinternational.ai/cmp/public/jobs/available/101"
    assert rater["countries"] == ["US"] and rater["requester_name"] == "TELUS International AI"
    assert "Language: English" in rater["description"] and "<p>" not in rater["description"]
    assert rows["102"]["countries"] == ["DE"] and rows["102"]["reward"]["currency"] == "EUR"
    reasons = sorted(r["reason"] for r in _lines(tmp_path / "telus.rejects.jsonl"))
    assert reasons == ["a yearly salary (52,000 USD), not pay per task or hour", "job post without compensation"]


def test_live_api_is_paged_by_post_bodies_until_its_last_page(tmp_path):
    pages = {n: (API / f"list-job-posts-page-{n}.json").read_bytes() for n in (1, 2)}
    with PageServer(pages) as server:
        stats = crawl("telus", tmp_path / "telus.jsonl", mode="live", run_id="live", observed_at=OBSERVED_AT,
                      base_url=f"{server.url}/apapi/v1/list-job-posts", settings=FAST, timeout=120)  # fmt: skip
    assert server.bodies == [{"filters": {}, "page": 1, "limit": 100}, {"filters": {}, "page": 2, "limit": 100}]
    assert server.hits["/robots.txt"] == 1 and server.hits["page3"] == 0
    assert all(h.get("User-Agent", "").startswith("taskrank/") for h in server.headers_seen)
    assert all(h.get("Content-Type") == "application/json" for h in server.headers_seen[1:])
    assert (stats.pages, stats.items, stats.out_of_scope) == (2, 3, 2)
