"""The digest's files (HTML with a chart, Markdown, CSV, JSON) from one model, and alerts pushed once per listing."""

import json
import shutil
import subprocess
import threading
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from conftest import run_cli

from contracts import Profile
from taskrank.digest import TEXT_LIMIT, render_csv, render_html, render_json, write_digest
from taskrank.digest_chart import chart_svg
from taskrank.digest_model import build_digest

NOW = datetime(2026, 12, 2, 6, 0, tzinfo=UTC)
EVIL = [
    ("<script>alert(1)</script>", "https://example.org/a"),
    ('<img src=x onerror="alert(1)">', "javascript:alert(1)"),
    ("data link", "data:text/html,<script>alert(1)</script>"),
    ("x" * 5000, "https://example.org/b?q=<b>"),
]


def row(n: int, title: str, url: str, **extra) -> dict:
    base = {
        "rank": n, "platform": "mturk", "listing_id": f"L{n}", "title": title, "url": url, "reward_amount": 1.0,
        "reward_currency": "USD", "minutes_used": 10.0, "minutes_p10": 5.0, "minutes_p90": 20.0,
        "minutes_source": "stated estimate", "weak_estimate": n == 2, "rate_per_hour": 12.0 - n, "rate_low": 6.0,
        "rate_high": 20.0, "rate_currency": "USD", "p_above_minimum": 0.7, "below_minimum": False, "demoted": False,
        "reasons": [f"<i>{title[:10]}</i>"], "source_mode": "snapshot", "first_run_id": "r1",
        "expires_at": NOW + timedelta(hours=5), "places_now": 2, "places_before": 10,
    }  # fmt: skip
    return base | extra


@pytest.fixture
def digest():
    profile = Profile(name="me", min_hourly_rate={"amount": 7, "currency": "USD"})
    rows = [row(i + 1, t, u) for i, (t, u) in enumerate(EVIL)]
    rows += [row(9, "Just under", "https://example.org/u", rate_per_hour=6.0, below_minimum=True),
             row(10, "TaskRabbit: rate card", "https://www.taskrabbit.com/", source_mode="catalog")]  # fmt: skip
    health = [{"source": "mturk", "mode": "snapshot", "health": "broken", "pages": 1, "items": 0, "rejects": 3,
               "message": "<b>returned no listings</b>"}]  # fmt: skip
    week = [{"platform": "mturk", "currency": "USD", "tasks": 4, "minutes": 90.0, "earned": 9.0, "per_hour": 6.0}]
    return build_digest(profile, "r1", date(2026, 12, 2), NOW, rows, health, {"hidden: not qualified": 2}, week,
                        {"USD": 1.0}, 15)  # fmt: skip


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags, self.attrs, self.headings, self.text, self._in = [], [], [], [], None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += [(tag, k, v or "") for k, v in attrs]
        self._in = tag

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        self.text.append(data)
        if self._in == "h2" and data.strip():
            self.headings.append(data.strip())


def test_html_digest_is_inert_cut_and_has_every_section(digest):
    page = Collect()
    page.feed(render_html(digest, chart_svg(digest)))
    assert "script" not in page.tags and "iframe" not in page.tags
    assert not [a for a in page.attrs if a[1].lower().startswith("on")]
    links = [v for tag, k, v in page.attrs if tag == "a" and k == "href"]
    assert links and all(v.startswith(("https://", "http://")) for v in links)
    assert not [v for _, k, v in page.attrs if k in {"href", "src"} and v.lower().startswith(("javascript:", "data:"))]
    assert not [t for t in page.text if "x" * (TEXT_LIMIT + 1) in t]
    assert page.headings == [
        "Sources", "Top listings at or above your minimum", "New since the last run", "Closing soon (within 48 hours)",
        "Filling fast", "Just under your minimum", "Rate cards (platforms without listings)", "Your week (work log)",
    ]  # fmt: skip
    text = "".join(page.text)
    assert "Source mturk is BROKEN" in text and "<script>alert(1)</script>" in text  # shown as text, escaped
    assert "mturk (snapshot): broken — 1 pages, 0 listings, 3 rejects" in text
    assert "TaskRabbit" not in text[: text.index("Rate cards")]  # rate cards only in their section


def test_csv_and_json_digests_are_strict(digest):
    data = json.loads(render_json(digest), parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
    assert data["profile"] == "me" and data["hidden"] == {"hidden: not qualified": 2}
    assert data["week"][0]["below_minimum"] is True
    lines = render_csv(digest).splitlines()
    assert lines[0].startswith("section,rank,platform") and any(line.startswith("rate_cards,") for line in lines)


def test_every_file_is_written_beside_the_others(digest, tmp_path):
    written = write_digest(tmp_path, digest)
    assert sorted(p.name for p in written) == ["me.csv", "me.html", "me.json", "me.md", "me.svg"]
    svg = (tmp_path / "me.svg").read_text()
    assert svg.lstrip().startswith("<?xml") and "<script" not in svg and "alert(1)" not in svg


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_the_html_digest_renders_in_headless_chromium(digest, tmp_path):
    page = write_digest(tmp_path, digest)[1]
    shot = tmp_path / "digest.png"
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--screenshot={shot}", "--window-size=1000,2200",
         page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert shot.stat().st_size > 20_000


class Receiver:
    """A webhook on 127.0.0.1 that keeps every JSON body posted to it."""

    def __init__(self, port: int = 0) -> None:
        self.bodies: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                outer.bodies.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]


def test_an_alert_reaches_a_webhook_once_per_listing(tmp_path, demo_config, data_dir):
    receiver = Receiver()
    with demo_config.open("a") as config:
        config.write(
            '\n[[alerts]]\nname = "good-work"\nprofile = "demo"\nurls = ["json://127.0.0.1:${HOOK_PORT}/hook"]\n'
            "min_probability = 0.5\n"
        )
    env = {"HOOK_PORT": str(receiver.port)}
    done = run_cli("run", "--config", str(demo_config), env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert len(receiver.bodies) == 1 and "alert good-work: sent" in done.stdout
    assert "new listing" in receiver.bodies[0]["title"] and "/h" in receiver.bodies[0]["message"]
    assert run_cli("rank", "--config", str(demo_config), env=env).returncode == 0
    again = run_cli("alert", "--config", str(demo_config), env=env)
    assert again.returncode == 0 and "no new listings to announce" in again.stdout
    assert len(receiver.bodies) == 1
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert f"127.0.0.1:{receiver.port}".encode() not in path.read_bytes()
    receiver.httpd.shutdown()


def test_an_alert_url_naming_an_unset_variable_is_one_line(tmp_path, demo_config, data_dir):
    with demo_config.open("a") as config:
        config.write('\n[[alerts]]\nname = "x"\nprofile = "demo"\nurls = ["ntfy://${NTFY_TOPIC_UNSET}"]\n')
    assert run_cli("run", "--config", str(demo_config), cwd=tmp_path).returncode == 1
    done = run_cli("alert", "--config", str(demo_config))
    assert done.returncode == 1 and "set NTFY_TOPIC_UNSET in the environment" in done.stderr


def test_an_alert_whose_receiver_is_down_fails_loudly_and_is_sent_on_the_next_try(tmp_path, demo_config, data_dir):
    down = Receiver()
    port = down.port
    down.httpd.shutdown()
    down.httpd.server_close()
    with demo_config.open("a") as config:
        config.write(
            '\n[[alerts]]\nname = "good-work"\nprofile = "demo"\nurls = ["json://127.0.0.1:${HOOK_PORT}/hook"]\n'
            "min_probability = 0.5\n"
        )
    env = {"HOOK_PORT": str(port)}
    done = run_cli("run", "--config", str(demo_config), env=env, cwd=tmp_path)
    assert done.returncode == 1 and "alerts not delivered: good-work (" in done.stderr
    assert "digests:" in done.stdout  # the rest of the run was done
    up = Receiver(port)
    again = run_cli("alert", "--config", str(demo_config), env=env)
    assert again.returncode == 0 and "alert good-work: sent" in again.stdout and len(up.bodies) == 1
    up.httpd.shutdown()


def test_a_dollar_in_an_alert_urls_password_is_kept_and_only_braced_names_are_filled(monkeypatch):
    from taskrank.alerts import _filled
    from taskrank.settings import AlertRule

    monkeypatch.setenv("HOOK_HOST", "127.0.0.1")
    rule = AlertRule(name="x", profile="demo", urls=["json://user:pa$$w0rd@${HOOK_HOST}/hook"])
    assert _filled(rule, rule.urls[0]) == "json://user:pa$$w0rd@127.0.0.1/hook"


def test_expired_listings_are_closed_and_rate_cards_follow_the_profiles_platforms():
    profile = Profile(name="me", min_hourly_rate={"amount": 7, "currency": "USD"}, platforms=["mturk"])
    rows = [row(1, "Still open", "https://example.org/1"),
            row(2, "Expired an hour ago", "https://example.org/2", expires_at=NOW - timedelta(hours=1)),
            row(3, "MTurk typical pay", "https://example.org/c", source_mode="catalog"),
            row(4, "TaskRabbit: rate card", "https://www.taskrabbit.com/", platform="taskrabbit",
                source_mode="catalog")]  # fmt: skip
    built = build_digest(profile, "r1", date(2026, 12, 2), NOW, rows, [], {}, [], {"USD": 1.0}, 15)
    assert [r["title"] for r in built.top] == ["Still open"] and built.top[0]["rank"] == 1
    assert [r["title"] for r in built.closing] == ["Still open"]
    assert [r["platform"] for r in built.rate_cards] == ["mturk"]


def test_the_digest_shows_what_workers_decide_by_and_says_what_it_cut():
    from taskrank.digest import render_markdown

    profile = Profile(name="me", min_hourly_rate={"amount": 7, "currency": "USD"})
    hourly = {"pay_basis": "per_hour", "reward_amount": 15.0, "reward_max": 25.0, "minutes_used": None,
              "minutes_source": "hourly rate", "expires_at": None, "requester_name": None}  # fmt: skip
    rows = [row(1, "Hourly rater", "https://example.org/h", **hourly),
            row(2, "Allowance task", "https://example.org/a", minutes=60.0, minutes_kind="max_allowed",
                requester_name="Acme Research", posted_at=NOW - timedelta(days=1))]  # fmt: skip
    rows += [row(n, f"Listing {n}", f"https://example.org/{n}", first_run_id="r2") for n in range(3, 12)]
    built = build_digest(profile, "r2", date(2026, 12, 2), NOW, rows, [], {}, [], {"USD": 1.0}, 5, undated=3)
    text = render_markdown(built)
    hourly_line = next(line for line in text.splitlines() if "Hourly rater" in line)
    assert "| 15.00–25.00 USD/h | paid by the hour |" in hourly_line
    allowance = next(line for line in text.splitlines() if "Allowance task" in line)
    assert "| Acme Research |" in allowance and "10 min (5–20 min) (weak); allowed 60 min" in allowance
    assert "posted 2026-12-01; closes 2026-12-02 11:00 UTC | 2 |" in allowance
    # Eleven listings, five shown: the rest are counted, with the command that lists them.
    assert built.more == {"top": 6, "new": 4, "closing": 5, "filling": 6}
    assert "… and 6 more: `taskrank top -p me --limit 100`" in text
    assert "3 work-log rows have no start or end time" in text
    first = build_digest(profile, "r2", date(2026, 12, 2), NOW, rows, [], {}, [], {"USD": 1.0}, 5, first_run=True)
    assert first.new == [] and "This is the first run: every listing is new" in render_markdown(first)
    assert "This is the first run" in render_html(first, "")


def test_one_outlier_does_not_squash_the_chart_and_is_marked_as_cut():
    from taskrank.digest_chart import rate_axis_limit

    profile = Profile(name="me", min_hourly_rate={"amount": 9, "currency": "USD"})
    rows = [row(1, "Clip length read as task time", "https://example.org/o", rate_per_hour=600.0, rate_high=1400.0)]
    rows += [row(n, f"Ordinary {n}", f"https://example.org/{n}", rate_per_hour=8.0 + n, rate_high=14.0 + n)
             for n in range(2, 8)]  # fmt: skip
    built = build_digest(profile, "r1", date(2026, 12, 2), NOW, rows, [], {}, [], {"USD": 1.0}, 15)
    limit = rate_axis_limit(built.top, 9.0)
    # The minimum line and the ordinary bars keep most of the axis; the outlier is cut with its rate written.
    assert limit < 600 and 9.0 / limit > 0.2 and limit >= max(r["rate_high"] for r in rows[1:])
    assert chart_svg(built).lstrip().startswith("<?xml")
    calm = build_digest(profile, "r1", date(2026, 12, 2), NOW, rows[1:], [], {}, [], {"USD": 1.0}, 15)
    assert rate_axis_limit(calm.top, 9.0) == max(r["rate_high"] for r in rows[1:])
