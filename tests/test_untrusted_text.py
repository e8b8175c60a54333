"""Scraped text reaches people through digests and tables; there it is inert, cut to length and never a live link."""

import csv
import io
import json
import re
from datetime import date

import pytest
from rich.console import Console

from contracts import Profile
from taskrank.digest import TEXT_LIMIT, render_csv, render_markdown
from taskrank.digest_chart import chart_svg
from taskrank.digest_model import build_digest
from taskrank.output import render_rows

PAYLOADS = [
    ("<script>alert(1)</script>", "https://example.org/a"),
    ('<img src=x onerror="alert(1)">', "https://x/a)[x](javascript:alert(1))"),
    ("[click](javascript:alert(1))", "javascript:alert(1)"),
    ("**bold** | pipe\nnewline", "data:text/html,<script>alert(1)</script>"),
    ("x" * 200_000, "http://example.org/ok path"),
]


def row(title: str, url: str, rank: int) -> dict:
    return {
        "rank": rank, "platform": "mturk", "title": title, "url": url, "reward_amount": 1.0,
        "reward_currency": "USD", "minutes_used": 10.0, "minutes_p10": 5.0, "minutes_p90": 20.0,
        "minutes_source": "stated estimate", "weak_estimate": False, "rate_per_hour": 6.0, "rate_low": 3.0,
        "rate_high": 12.0, "rate_currency": "USD", "p_above_minimum": 0.5, "below_minimum": False,
        "reasons": [f"<b>{title[:20]}</b>"], "source_mode": "snapshot", "demoted": False,
    }  # fmt: skip


@pytest.fixture
def digest() -> str:
    profile = Profile(name="p", min_hourly_rate={"amount": 1, "currency": "USD"})
    rows = [row(t, u, i + 1) for i, (t, u) in enumerate(PAYLOADS)]
    health = [{"source": "mturk", "mode": "live", "health": "ok", "pages": 1, "items": 5, "rejects": 0,
               "message": "<script>x</script>"}]  # fmt: skip
    model = build_digest(profile, "r1", date(2026, 12, 2), None, rows, health, {}, [], {"USD": 1.0}, 10)
    return render_markdown(model)


def test_markup_in_scraped_text_is_escaped(digest):
    assert "<script" not in digest and "<img" not in digest and "<b>" not in digest
    assert "&lt;script&gt;" in digest and "onerror" in digest  # shown, as text


def test_only_http_and_https_become_links_and_none_breaks_out(digest):
    targets = re.findall(r"\]\(([^)]*)\)", digest)
    assert targets and all(t.startswith(("https://", "http://")) for t in targets)
    assert "](javascript:" not in digest and "](data:" not in digest
    assert "https://x/a%29%5Bx%5D%28javascript:alert%281%29%29" in targets
    assert "http://example.org/ok%20path" in targets


def test_long_titles_are_cut_and_every_row_stays_one_table_line(digest):
    table = [line for line in digest.splitlines() if line.startswith("| ") and "mturk" in line]
    assert len(table) == len(PAYLOADS)
    assert max(len(line) for line in table) < 3 * TEXT_LIMIT + 400
    assert "x" * (TEXT_LIMIT - 1) + "…" in digest


def test_tables_print_scraped_rich_markup_as_written():
    out = io.StringIO()
    rows = [{"title": "[link=javascript:alert(1)]win[/link] [bold]x", "rate_per_hour": float("nan")}]
    render_rows(Console(file=out, width=200), ["title", "rate_per_hour"], rows, "table")
    assert "[link=javascript:alert(1)]win[/link]" in out.getvalue() and "—" in out.getvalue()


def test_json_output_is_strict_and_csv_leaves_missing_cells_empty():
    rows = [{"a": float("nan"), "b": [float("inf"), 1.0], "c": "x"}]
    out = io.StringIO()
    render_rows(Console(file=out, width=200), ["a", "b", "c"], rows, "json")

    def refuse(name: str) -> None:
        raise ValueError(name)

    assert json.loads(out.getvalue(), parse_constant=refuse) == [{"a": None, "b": [None, 1.0], "c": "x"}]
    out = io.StringIO()
    render_rows(Console(file=out, width=200), ["a", "c"], rows, "csv")
    assert out.getvalue() == "a,c\n,x\n"


ESCAPES = [
    "\x1b]52;c;ZWNobyBwd25lZA==\x07copy me",  # OSC 52: writes the clipboard
    "\x1b[2J\x1b[Hcleared",  # CSI 2J: clears the screen
    "\x1b]0;owned\x07title",  # OSC 0: sets the window title
    "\u202egnp.exe",  # a right-to-left override
]


@pytest.mark.parametrize("title", ESCAPES)
def test_terminal_escapes_in_titles_never_reach_a_terminal_or_the_markdown_digest(title):
    out = io.StringIO()
    render_rows(Console(file=out, width=200, force_terminal=True), ["title"], [{"title": title}], "table")
    shown = re.sub(r"\x1b\[[0-9;]*m", "", out.getvalue())  # rich's own colours are the only escapes left
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    profile = Profile(name="p", min_hourly_rate={"amount": 1, "currency": "USD"})
    model = build_digest(profile, "r1", date(2026, 12, 2), None, [row(title, "https://e.org/a", 1)], [], {}, [],
                         {"USD": 1.0}, 10)  # fmt: skip
    markdown = render_markdown(model)
    assert "\x1b" not in markdown and "\x07" not in markdown and "\u202e" not in markdown


@pytest.mark.parametrize("title", ['=HYPERLINK("http://evil.example","x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)",
                                   "\t=1", "\r=1"])  # fmt: skip
def test_csv_cells_never_start_a_spreadsheet_formula(title, tmp_path):
    out = io.StringIO()
    render_rows(Console(file=out, width=200), ["title", "rate_per_hour"], [{"title": title, "rate_per_hour": -1.0}],
                "csv")  # fmt: skip
    cell = next(csv.reader(io.StringIO(out.getvalue().splitlines()[1])))
    assert cell[0].startswith("'") and cell[1] == "-1.0"
    profile = Profile(name="p", min_hourly_rate={"amount": 1, "currency": "USD"})
    model = build_digest(profile, "r1", date(2026, 12, 2), None, [row(title, "https://e.org/a", 1)], [], {}, [],
                         {"USD": 1.0}, 10)  # fmt: skip
    for written in csv.DictReader(io.StringIO(render_csv(model))):
        assert written["title"].startswith("'")


def test_a_title_with_dollar_signs_is_drawn_as_text_not_mathtext():
    profile = Profile(name="p", min_hourly_rate={"amount": 1, "currency": "USD"})
    model = build_digest(profile, "r1", date(2026, 12, 2), None, [row("Win $$ now $_$", "https://e.org/a", 1)], [],
                         {}, [], {"USD": 1.0}, 10)  # fmt: skip
    assert chart_svg(model).lstrip().startswith("<")


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_very_long_title_is_written_whole_in_machine_formats(fmt):
    out = io.StringIO()
    render_rows(Console(file=out, width=100), ["title"], [{"title": "x" * 100_000}], fmt)
    assert "x" * 100_000 in out.getvalue()
