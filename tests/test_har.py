"""A browser's HAR export as a snapshot: the same listings as pages saved one by one, and no secret in any output."""

import base64
import gzip
import json
import os
import shutil
import textwrap
from pathlib import Path

import duckdb
import pytest
from conftest import OBSERVED_AT, PAGES, SYNTHETIC, run_cli

from spiders import har
from spiders.bases import snapshot_entries, snapshot_files
from spiders.records import MAX_PAGE_BYTES
from taskrank.crawling import crawl

HAR = SYNTHETIC / "har" / "session.har"
CANARY = "CANARY7f3e"
ONE_BY_ONE = {
    "mturk": [PAGES / "mturk" / "page-1.json", PAGES / "mturk" / "page-2.json"],
    "prolific": [PAGES / "prolific" / "current.json"],
    "respondent": [SYNTHETIC / "respondent" / "search-page-1.json"],
    "shorttask": [PAGES / "shorttask" / "tasks-page-1.html"],
}
# What a page says, not when or from where it was read.
PER_READ = {"observed_at", "run_id", "content_hash"}


def listings(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return sorted(({k: v for k, v in r.items() if k not in PER_READ} for r in rows), key=lambda r: r["listing_id"])


@pytest.mark.parametrize("source", sorted(ONE_BY_ONE))
def test_a_har_lands_the_same_listings_as_the_pages_saved_one_by_one(source, tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for page in ONE_BY_ONE[source]:
        shutil.copy(page, folder / page.name)
    saved = crawl(source, tmp_path / "saved" / f"{source}.jsonl", snapshot=folder, run_id="r", observed_at=OBSERVED_AT)
    from_har = crawl(source, tmp_path / "har" / f"{source}.jsonl", snapshot=HAR, run_id="r", observed_at=OBSERVED_AT)
    assert from_har.items == saved.items > 0 and from_har.rejects == saved.rejects
    assert listings(tmp_path / "har" / f"{source}.jsonl") == listings(tmp_path / "saved" / f"{source}.jsonl")


def test_entries_that_are_not_listing_pages_are_skipped_with_the_reason(tmp_path):
    stats = crawl("mturk", tmp_path / "mturk.jsonl", snapshot=HAR, run_id="r", observed_at=OBSERVED_AT)
    assert stats.pages == 2
    assert stats.skipped == {"HTTP status 302": 1, "not a listing page of this source": 5}
    rows = [json.loads(line) for line in (tmp_path / "mturk.jsonl").read_text().splitlines()]
    # The entry's own time is the observed time, not the crawl's.
    assert {r["observed_at"][:19] for r in rows} == {"2026-11-22T06:00:01", "2026-11-22T06:00:05"}


def test_base64_and_gzip_bodies_decode():
    text = '{"results": []}'
    assert har.body_text({"text": base64.b64encode(text.encode()).decode(), "encoding": "base64"}) == text
    packed = base64.b64encode(gzip.compress(text.encode())).decode()
    assert har.body_text({"text": packed, "encoding": "base64"}) == text
    assert har.body_text({"text": text}) == text and har.body_text({}) is None


def test_only_paging_parameters_survive_in_a_saved_url():
    url = f"https://user:{CANARY}@worker.mturk.com/projects?format=json&page_number=2&access_token={CANARY}#x"
    assert har.public_url(url) == "https://worker.mturk.com/projects?format=json&page_number=2"


def test_path_parameters_and_semicolon_queries_never_survive():
    url = f"https://worker.mturk.com/projects;jsessionid={CANARY}/x;v=1?page_number=2;token={CANARY};format=json"
    assert har.public_url(url) == "https://worker.mturk.com/projects/x?page_number=2&format=json"
    assert har.public_url(f"javascript:alert('{CANARY}')") == ""


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/worker.mturk.com/projects",
        "https://evil.example/?q=worker.mturk.com/projects",
        "https://attacker-prolific.com/api/v1/participant/studies/",
        "https://worker.mturk.com.evil.example/projects",
    ],
)
def test_entries_route_by_their_own_host_only(url):
    entry = {"request": {"url": url}, "response": {"status": 200, "content": {"text": '{"results": []}'}}}
    patterns = (
        r"worker\.mturk\.com/projects(\.json)?/?(\?|$)",
        r"prolific\.(com|co)/api/v1/participant/studies/?(\?|$)",
    )
    found, skipped = har.responses([entry], patterns)
    assert found == [] and [s.reason for s in skipped] == [har.NOT_THIS_SOURCE]
    own = {"request": {"url": "https://www.prolific.com/api/v1/participant/studies/"}, "response": entry["response"]}
    assert len(har.responses([own], patterns)[0]) == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [(HAR.read_bytes()[:5000], "is not a HAR file (not complete JSON"), (b'{"entries": []}', "no log.entries")],
)
def test_a_truncated_or_foreign_file_is_one_clear_line(body, message, tmp_path, data_dir):
    bad = tmp_path / "bad.har"
    bad.write_bytes(body)
    done = run_cli("import-har", str(bad))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and message in done.stderr


def planted(path: Path) -> Path:
    """The fixture with a canary in every header, cookie, query string (& and ; separated), path parameter and post
    body of every entry."""
    data = json.loads(HAR.read_text(encoding="utf-8"))
    for n, entry in enumerate(data["log"]["entries"]):
        request, response = entry["request"], entry["response"]
        secret = f"{CANARY}-{n}"
        base, _, query = request["url"].partition("?")
        query = ";".join(filter(None, [query, f"sid={secret}"])) + f"&token={secret}"
        request["url"] = f"{base};jsessionid={secret}?{query}"
        request["headers"] = [{"name": h["name"], "value": f"{h['value']} {secret}"} for h in request["headers"]]
        request["headers"] += [{"name": "Authorization", "value": f"Bearer {secret}"},
                               {"name": "Cookie", "value": f"session={secret}"}]  # fmt: skip
        request["cookies"] = [{"name": "session", "value": secret}]
        request["queryString"] = [{"name": "token", "value": secret}]
        request["postData"] = {"mimeType": "application/json", "text": json.dumps({"password": secret})}
        response["headers"] += [{"name": "Set-Cookie", "value": f"session={secret}; HttpOnly"}]
        response["cookies"] = [{"name": "session", "value": secret}]
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_no_secret_of_the_har_reaches_any_output(tmp_path, data_dir):
    config = tmp_path / "me.toml"
    config.write_text(
        "[fx]\nas_of = 2026-11-01\nUSD = 1.0\nGBP = 0.79\n\n"
        '[[profiles]]\nname = "me"\nmin_hourly_rate = { amount = 9.0, currency = "USD" }\n'
    )
    done = run_cli("import-har", str(planted(tmp_path / "session.har")), "--config", str(config), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "mturk: 2 listing responses" in done.stdout and "holds session cookies" in done.stderr
    assert CANARY not in done.stdout + done.stderr
    written = [p for p in data_dir.rglob("*") if p.is_file()]
    assert any(p.name == "taskrank.duckdb" for p in written) and any(p.suffix == ".md" for p in written)
    for path in written:
        assert CANARY.encode() not in path.read_bytes(), path
    # The file may store strings compressed, so every row of every table is read back as text too.
    with duckdb.connect(str(data_dir / "taskrank.duckdb"), read_only=True) as con:
        tables = [name for (name,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        for table in tables:
            hits = con.execute(f'SELECT count(*) FROM "{table}" t WHERE to_json(t)::VARCHAR LIKE ?', [f"%{CANARY}%"])
            assert hits.fetchone()[0] == 0, table
    top = run_cli("top", "--profile", "me", "--config", str(config), "--format", "json", "--limit", "100")
    assert CANARY not in top.stdout
    # Pages of one source read at different moments all stay open (closing compares with the run's first page).
    assert {"mturk", "prolific", "respondent", "shorttask"} <= {r["platform"] for r in json.loads(top.stdout)}


def test_the_readme_config_and_har_import_run_as_written(tmp_path, data_dir):
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = next(b for b in readme.split("```toml")[1:] if 'name = "me"' in b).split("```")[0]
    config = tmp_path / "my.toml"
    config.write_text(textwrap.dedent(block), encoding="utf-8")
    shutil.copytree(PAGES / "mturk", tmp_path / "pages" / "mturk")
    ran = run_cli("run", "--config", str(config), cwd=tmp_path)
    assert ran.returncode == 0, ran.stderr
    shutil.copy(HAR, tmp_path / "my-session.har")
    imported = run_cli("import-har", "my-session.har", "--config", "my.toml", cwd=tmp_path)
    assert imported.returncode == 0, imported.stderr
    assert "mturk: 2 listing responses" in imported.stdout and "profile me:" in imported.stdout


def test_a_gzip_bomb_body_is_skipped_without_inflating_it_whole():
    bomb = gzip.compress(b"\0" * (MAX_PAGE_BYTES + 2**20))
    assert len(bomb) < 2**20
    assert har.body_text({"text": base64.b64encode(bomb).decode(), "encoding": "base64"}) is None
    corrupt = base64.b64encode(b"\x1f\x8b\x08\x00garbage").decode()
    assert har.body_text({"text": corrupt, "encoding": "base64"}) is None


def test_a_har_nested_past_pythons_limit_is_one_clear_line(tmp_path):
    path = tmp_path / "deep.har"
    path.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(har.HarError, match="nested too deeply"):
        har.read_entries(path)


def test_a_snapshot_folder_reads_only_its_own_regular_files(tmp_path):
    secret = tmp_path / "env"
    secret.write_text(f"TOKEN={CANARY}")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "page.json").write_text('{"results": []}')
    (pages / "linked.json").symlink_to(secret)
    (pages / "huge.json").write_bytes(b"")
    os.truncate(pages / "huge.json", MAX_PAGE_BYTES + 1)
    reasons = {path.name: reason for path, reason in snapshot_entries(pages)}
    assert reasons["page.json"] is None and "a link" in reasons["linked.json"] and "over 50 MB" in reasons["huge.json"]
    assert snapshot_files(pages) == [pages / "page.json"]
