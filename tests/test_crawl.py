import json
from pathlib import Path

import pytest
from conftest import OBSERVED_AT, PAGES, SYNTHETIC, run_cli
from pageserver import HANG, TRUNCATE, PageServer

from taskrank.crawling import crawl

FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "RETRY_BACKOFF_BASE": "0.05"}
COOKIE = "session-token=do-not-write-me"


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_cli_crawl_snapshot_writes_contract_lines(tmp_path):
    out = tmp_path / "out" / "mturk.jsonl"
    done = run_cli("crawl", "mturk", "--snapshot", str(PAGES / "mturk"), "--out", str(out))
    assert done.returncode == 0, done.stderr
    listings = lines(out)
    assert len(listings) == 9
    by_id = {item["listing_id"]: item for item in listings}
    first = by_id["3SYN0000000000000000000000001"]
    assert (first["reward"], first["minutes"], first["minutes_kind"]) == (
        {"amount": "1.6", "currency": "USD", "original_amount": None, "original_unit": None},
        60.0,
        "max_allowed",
    )
    rejects = lines(tmp_path / "out" / "mturk.rejects.jsonl")
    assert [r["reason"] for r in rejects] == ["missing field 'monetary_reward'"]
    stats = json.loads((tmp_path / "out" / "mturk.stats.json").read_text())
    assert (stats["pages"], stats["items"], stats["rejects"], stats["finish_reason"]) == (2, 9, 1, "finished")
    assert not list((tmp_path / "out").glob(".*.tmp"))


def test_bad_records_and_pages_never_stop_the_crawl(tmp_path):
    out = tmp_path / "mturk.jsonl"
    stats = crawl("mturk", out, snapshot=SYNTHETIC / "mturk_faults", run_id="faults", observed_at=OBSERVED_AT)
    valid = {item["listing_id"] for item in lines(out)}
    assert valid == {"3SYNFAULT000000000000000001", "3SYNFAULT000000000000000005"}
    reasons = sorted(r["reason"] for r in lines(tmp_path / "mturk.rejects.jsonl"))
    assert len(reasons) == 6
    assert any(r.startswith("reward.amount:") for r in reasons)
    assert any(r.startswith("reward.currency: unknown currency 'XXQ'") for r in reasons)
    assert any(r.startswith("minutes: Input should be greater than 0") for r in reasons)
    assert "missing field 'hit_set_id'" in reasons
    assert any(r.startswith("malformed page: invalid JSON") for r in reasons)
    assert (stats.pages, stats.items, stats.rejects, stats.page_errors) == (3, 2, 6, 2)
    assert stats.rejects > stats.items


def test_cli_crawl_missing_folder_is_one_line_error(tmp_path):
    done = run_cli("crawl", "mturk", "--snapshot", str(tmp_path / "nowhere"), "--out", str(tmp_path / "x.jsonl"))
    assert done.returncode == 1
    assert done.stderr.strip().startswith("error: crawl of mturk failed: snapshot folder not found")
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_cli_crawl_unknown_source(tmp_path):
    done = run_cli("crawl", "nosuch", "--snapshot", str(tmp_path))
    assert done.returncode == 1
    assert "unknown source 'nosuch'" in done.stderr


def _pages() -> dict[int, bytes]:
    return {n: (PAGES / "mturk" / f"page-{n}.json").read_bytes() for n in (1, 2)}


def live_crawl(server: PageServer, out: Path, monkeypatch: pytest.MonkeyPatch, **settings: str):
    monkeypatch.setenv("TASKRANK_MTURK_COOKIE", COOKIE)
    return crawl(
        "mturk",
        out,
        mode="live",
        run_id="live",
        observed_at=OBSERVED_AT,
        base_url=f"{server.url}/projects?format=json&page_size=6",
        settings={**FAST, **settings},
        timeout=120,
    )


def test_live_crawl_follows_pagination_and_identifies_itself(tmp_path, monkeypatch):
    with PageServer(_pages()) as server:
        stats = live_crawl(server, tmp_path / "mturk.jsonl", monkeypatch)
    assert (stats.pages, stats.items, stats.rejects) == (2, 9, 1)
    assert server.hits["/robots.txt"] == 1
    agents = {h.get("User-Agent", "") for h in server.headers_seen}
    assert all(agent.startswith("taskrank/") for agent in agents)
    assert any(h.get("Cookie") == COOKIE for h in server.headers_seen)
    for written in tmp_path.iterdir():
        assert "do-not-write-me" not in written.read_text(encoding="utf-8")


def test_live_crawl_honours_retry_after_and_loses_nothing(tmp_path, monkeypatch):
    with PageServer(_pages()) as server:
        server.faults[2] = [(429, {"Retry-After": "1"}), (503, {})]
        stats = live_crawl(server, tmp_path / "mturk.jsonl", monkeypatch)
    assert server.hits["page2"] == 3
    assert stats.retries == 2
    assert stats.items == 9


def test_robots_disallow_is_obeyed(tmp_path, monkeypatch):
    with PageServer(_pages(), robots="User-agent: *\nDisallow: /projects\n") as server:
        stats = live_crawl(server, tmp_path / "mturk.jsonl", monkeypatch)
    assert server.hits["page1"] == 0
    assert stats.items == 0
    assert stats.pages == 0


def test_sign_in_redirect_stops_the_source_with_session_expired(tmp_path, monkeypatch):
    with PageServer(_pages()) as server:
        server.faults[1] = [(302, {"Location": f"{server.url}/signin?return=projects"})]
        stats = live_crawl(server, tmp_path / "mturk.jsonl", monkeypatch)
    assert stats.message.startswith("session expired")
    assert stats.items == 0
    assert server.hits["/signin"] == 0


def test_live_source_without_credentials_says_which_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("TASKRANK_MTURK_COOKIE", raising=False)
    stats = crawl("mturk", tmp_path / "m.jsonl", mode="live", run_id="x", base_url="http://127.0.0.1:9/", timeout=60)
    assert stats.pages == 0
    assert "TASKRANK_MTURK_COOKIE" in stats.message


def test_hung_response_times_out_and_is_retried(tmp_path, monkeypatch):
    with PageServer(_pages(), hang_seconds=4) as server:
        server.faults[2] = [(HANG, {})]
        stats = live_crawl(server, tmp_path / "mturk.jsonl", monkeypatch, DOWNLOAD_TIMEOUT="1")
    assert server.hits["page2"] == 2
    assert stats.retries == 1
    assert (stats.items, stats.rejects) == (9, 1)


def test_truncated_html_is_refetched_not_half_read(tmp_path, monkeypatch):
    page = (SYNTHETIC / "mturk_html" / "projects.html").read_bytes()
    with PageServer({1: page}) as server:
        server.faults[1] = [(TRUNCATE, {})]
        stats = live_crawl(server, tmp_path / "mturk.jsonl", monkeypatch)
    assert server.hits["page1"] == 2
    assert stats.retries == 1
    assert {item["listing_id"] for item in lines(tmp_path / "mturk.jsonl")} == {
        "3SYNHTML0000000000000000001", "3SYNHTML0000000000000000002"}  # fmt: skip
    assert (stats.rejects, stats.page_errors) == (0, 0)


def test_malformed_json_page_is_a_reject_and_the_rest_is_kept(tmp_path, monkeypatch):
    pages = _pages() | {2: b'{"results": [{"hit_set_id": '}
    with PageServer(pages) as server:
        stats = live_crawl(server, tmp_path / "mturk.jsonl", monkeypatch)
    reasons = [r["reason"] for r in lines(tmp_path / "mturk.rejects.jsonl")]
    assert stats.items == len(lines(tmp_path / "mturk.jsonl")) > 0
    assert any(r.startswith("malformed page: invalid JSON") for r in reasons)
    assert stats.page_errors == 1


def test_generic_feed_spider_reads_the_configured_url_live(tmp_path):
    feed = (SYNTHETIC / "feed" / "microtasks.xml").read_bytes()
    with PageServer({1: feed}) as server:
        stats = crawl("feed", tmp_path / "feed.jsonl", mode="live", run_id="live", observed_at=OBSERVED_AT,
                      base_url=f"{server.url}/feed.xml", settings=FAST, timeout=120)  # fmt: skip
    assert server.hits["/feed.xml"] == 1
    assert {item["listing_id"] for item in lines(tmp_path / "feed.jsonl")} == {"task-1001", "task-1002"}
    assert (stats.items, stats.rejects) == (2, 1)


def test_generic_spider_without_a_url_says_what_to_set(tmp_path):
    stats = crawl("jobposting", tmp_path / "j.jsonl", mode="live", run_id="x", timeout=60)
    assert stats.pages == 0
    assert "set base_url for the source in the config" in stats.message


TOKEN = "Bearer canary-token-never-offsite"


def _prolific_page(next_url: str | None) -> bytes:
    page = json.loads((PAGES / "prolific" / "current.json").read_text(encoding="utf-8"))
    page["_links"] = {"next": {"href": next_url}} if next_url else {}
    return json.dumps(page).encode()


def _prolific_live(server: PageServer, out: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("TASKRANK_PROLIFIC_TOKEN", TOKEN)
    return crawl(
        "prolific", out, mode="live", run_id="live", observed_at=OBSERVED_AT,
        base_url=f"{server.url}/api/v1/participant/studies/", settings=FAST, timeout=120,
    )  # fmt: skip


def test_a_next_link_to_another_origin_is_followed_without_the_session(tmp_path, monkeypatch):
    # Same host, other port: another origin all the same.
    with PageServer({1: _prolific_page(None)}) as elsewhere, PageServer({}) as own:
        own.pages[1] = _prolific_page(f"{elsewhere.url}/studies/?page_number=1")
        stats = _prolific_live(own, tmp_path / "prolific.jsonl", monkeypatch)
    own_pages = [h for h in own.headers_seen if "Authorization" in h]
    assert own_pages and all(h["Authorization"] == TOKEN for h in own_pages)
    assert elsewhere.hits["page1"] == 1
    assert not any("Authorization" in h or "Cookie" in h for h in elsewhere.headers_seen)
    assert stats.pages == 2


def test_a_next_link_on_the_same_origin_keeps_the_session(tmp_path, monkeypatch):
    with PageServer({1: _prolific_page(None)}) as own:
        own.pages[1] = _prolific_page(f"{own.url}/api/v1/participant/studies/?page_number=2")
        own.pages[2] = _prolific_page(None)
        _prolific_live(own, tmp_path / "prolific.jsonl", monkeypatch)
    pages = [h for h in own.headers_seen if h.get("User-Agent", "").startswith("taskrank/") and "Accept" in h]
    assert own.hits["page2"] == 1
    assert sum(h.get("Authorization") == TOKEN for h in pages) == 2


def test_a_redirect_to_another_origin_drops_the_session(tmp_path, monkeypatch):
    with PageServer({1: _prolific_page(None)}) as elsewhere, PageServer({1: _prolific_page(None)}) as own:
        own.faults[1] = [(302, {"Location": f"{elsewhere.url}/studies/?page_number=1"})]
        _prolific_live(own, tmp_path / "prolific.jsonl", monkeypatch)
    assert elsewhere.hits["page1"] == 1
    assert not any("Authorization" in h or "Cookie" in h for h in elsewhere.headers_seen)


def test_the_crawl_log_is_kept_with_session_secrets_redacted(tmp_path, monkeypatch):
    from taskrank.crawling import _redacted

    monkeypatch.setenv("TASKRANK_MTURK_COOKIE", COOKIE)
    assert _redacted(f"GET with Cookie: {COOKIE}") == "GET with Cookie: <TASKRANK_MTURK_COOKIE>"
    stats = crawl("mturk", tmp_path / "mturk.jsonl", snapshot=tmp_path / "nowhere", run_id="r", observed_at=OBSERVED_AT)
    assert stats.pages == 0
    assert "snapshot folder not found" in (tmp_path / "mturk.log").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("source", "page", "changed", "empty"),
    [
        # A redesigned task list: cards where the table and the template blocks were.
        ("shorttask", "tasks.html", '<ul class="cards"><li><a href="task.php?id=9">A task</a> $0.05</li></ul>',
         ["'table th' (1 of 1 pages)", "'div.template' (1 of 1 pages)"]),
        # An API that renamed its list.
        ("mturk", "page-1.json", '{"hits": [{"hit_set_id": "x"}]}', ["'json:results' (1 of 1 pages)"]),
    ],
)  # fmt: skip
def test_a_page_shape_nobody_knows_names_what_came_back_empty(tmp_path, source, page, changed, empty):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / page).write_text(changed, encoding="utf-8")
    stats = crawl(source, tmp_path / "out" / f"{source}.jsonl", snapshot=pages, run_id="r", observed_at=OBSERVED_AT)
    assert stats.items == 0 and stats.message.startswith("no listings on 1 pages; empty where this spider looks: ")
    assert all(part in stats.message for part in empty)


def test_a_page_with_listings_names_no_empty_selectors(tmp_path):
    stats = crawl("shorttask", tmp_path / "shorttask.jsonl", snapshot=PAGES / "shorttask", run_id="r",
                  observed_at=OBSERVED_AT)  # fmt: skip
    assert stats.items == 2 and stats.message == ""
