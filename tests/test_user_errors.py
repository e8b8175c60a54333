"""Every mistake a person can make at the command line is one line and exit 1, never a traceback."""

import pytest
from conftest import PAGES, run_cli

CONFIGS = {
    "not UTF-8": (b"\xff\xfe name = 1", "is not UTF-8 text"),
    "sources as a table": (b'[sources]\nname = "mturk"\n', "write each of sources as [[sources]]"),
    "model as a number": (b"model = 5\n", "model: Input should be a valid dictionary"),
    "profile currency without a rate": (
        b'[fx]\nas_of = 2026-01-01\nUSD = 1\n[[profiles]]\nname = "p"\n'
        b'min_hourly_rate = { amount = 5, currency = "GBP" }\n',
        "has no GBP rate; add GBP",
    ),
    "fx as a value": (b"fx = 3\n", "fx must be a table"),
}


def one_line_error(done) -> str:
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.mark.parametrize("case", sorted(CONFIGS))
def test_a_bad_config_is_named_in_one_line(case, tmp_path, data_dir):
    body, message = CONFIGS[case]
    config = tmp_path / "bad.toml"
    config.write_bytes(body)
    assert message in one_line_error(run_cli("top", "--profile", "p", "--config", str(config)))


def test_a_data_folder_that_is_a_file(tmp_path):
    (tmp_path / "afile").write_text("x")
    line = one_line_error(run_cli("top", "--profile", "demo", env={"TASKRANK_DATA_DIR": str(tmp_path / "afile")}))
    assert "is a file" in line


def test_an_output_path_under_a_file(tmp_path):
    (tmp_path / "afile").write_text("x")
    out = tmp_path / "afile" / "listings.jsonl"
    done = run_cli("crawl", "mturk", "--snapshot", str(PAGES / "mturk"), "--out", str(out))
    assert "afile" in one_line_error(done)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"\xff\xfeplatform,status\n", "is not UTF-8 text"),
        (
            b"platform,listing_id,started_at,ended_at,earned,currency,status\n"
            b"mturk,a,2026-01-01T10:00:00Z,2026-01-01T10:10:00,1,USD,approved\n",
            "both with a time zone, or both without",
        ),
    ],
)
def test_a_bad_work_log_is_reported_not_raised(body, message, tmp_path, data_dir):
    log = tmp_path / "log.csv"
    log.write_bytes(body)
    done = run_cli("log", "import", str(log))
    assert "Traceback" not in done.stderr
    assert message in done.stdout + done.stderr


def test_top_uses_the_only_profile_and_asks_when_there_are_several(tmp_path, demo_config, data_dir):
    single = tmp_path / "one.toml"
    single.write_text('[[profiles]]\nname = "solo"\nmin_hourly_rate = { amount = 5, currency = "USD" }\n')
    assert "no warehouse" in one_line_error(run_cli("top", "--config", str(single)))
    line = one_line_error(run_cli("top", "--config", str(demo_config)))
    assert "say which profile with --profile, or set default_profile" in line and "demo, uk-student" in line
