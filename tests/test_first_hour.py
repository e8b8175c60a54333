"""A person's first hour: mistakes in the config caught before any work, and the demo never mixed with their data."""

import json
import re
from pathlib import Path

from conftest import run_cli

from taskrank.config_checks import OWNER_FILE


def _config(folder, body: str):
    path = folder / "my.toml"
    path.write_text('[fx]\nas_of = 2026-11-01\nUSD = 1.0\n\n[[profiles]]\nname = "me"\n'
                    'min_hourly_rate = { amount = 12, currency = "USD" }\n' + body, encoding="utf-8")  # fmt: skip
    return path


def test_a_misspelt_source_is_one_line_with_a_guess_and_nothing_is_crawled(tmp_path, data_dir):
    config = _config(tmp_path, '\n[[sources]]\nname = "mturkk"\nsnapshot = "pages"\n')
    done = run_cli("run", "--config", str(config), env={"TASKRANK_DATA_DIR": str(data_dir)})
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "name = 'mturkk' is not a source taskrank has; did you mean 'mturk'?" in done.stderr
    assert str(config) in done.stderr and not (data_dir / "landing").exists()


def test_a_missing_or_empty_snapshot_folder_is_named_before_any_work(tmp_path, data_dir):
    (tmp_path / "empty").mkdir()
    config = _config(tmp_path, '\n[[sources]]\nname = "mturk"\nsnapshot = "nowhere"\n\n'
                               '[[sources]]\nname = "prolific"\nsnapshot = "empty"\n')  # fmt: skip
    done = run_cli("run", "--config", str(config), env={"TASKRANK_DATA_DIR": str(data_dir)})
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert f"source 'mturk': snapshot {tmp_path / 'nowhere'} does not exist" in done.stderr
    assert f"source 'prolific': snapshot folder {tmp_path / 'empty'} holds no saved pages" in done.stderr
    assert not (data_dir / "landing").exists() and not (data_dir / "taskrank.duckdb").exists()


def test_the_demo_never_runs_into_a_persons_data_folder(tmp_path, data_dir):
    data_dir.mkdir()
    (data_dir / OWNER_FILE).write_text(str(tmp_path / "my.toml") + "\n")
    done = run_cli("run", env={"TASKRANK_DATA_DIR": str(data_dir)}, cwd=tmp_path)
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert f"holds the data of {tmp_path / 'my.toml'}: the bundled demo will not mix into it" in done.stderr
    assert sorted(p.name for p in data_dir.iterdir()) == [OWNER_FILE]


def test_a_toml_config_nested_past_pythons_limit_is_one_line(tmp_path, data_dir):
    config = tmp_path / "deep.toml"
    config.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    done = run_cli("run", "--config", str(config), env={"TASKRANK_DATA_DIR": str(data_dir)})
    assert done.returncode == 1 and "nested too deeply" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_top_before_any_ranking_says_what_to_run_and_exits_non_zero(tmp_path, data_dir):
    from warehouse.connection import writer

    with writer(data_dir / "taskrank.duckdb") as con:
        con.execute("SELECT 1")
    done = run_cli("top", "--profile", "demo", env={"TASKRANK_DATA_DIR": str(data_dir)})
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "no ranking for demo yet: run `taskrank rank`" in done.stderr


def test_import_har_names_a_missing_file_or_an_empty_folder_in_one_line(tmp_path, data_dir):
    (tmp_path / "exports").mkdir()
    env = {"TASKRANK_DATA_DIR": str(data_dir)}
    for target, message in ((tmp_path / "missing.har", "HAR file not found"),
                            (tmp_path / "exports", "folder holds no .har files")):  # fmt: skip
        done = run_cli("import-har", str(target), env=env)
        assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
        assert message in done.stderr and "Errno" not in done.stderr


def test_block_lists_nested_too_deep_or_dated_past_utc_are_handled_in_one_line(tmp_path):
    import pytest

    from taskrank.blocklist_files import block_list_text, read_block_list
    from taskrank.errors import TaskrankError

    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(TaskrankError, match="nested too deeply"):
        read_block_list(deep, "mturk")
    far = tmp_path / "far.json"
    far.write_text('[{"platform": "mturk", "requester_id": "A1", "blocked_at": "9999-12-31T23:59:59-14:00"}]')
    rows = read_block_list(far, None).to_pylist()
    assert rows[0]["blocked_at"].year < 2100 and "A1" in block_list_text(rows, "json")


def test_a_crawl_timeout_past_a_week_is_a_config_error_in_one_line(tmp_path, data_dir):
    config = _config(tmp_path, "")
    config.write_text("crawl_timeout_seconds = 1e308\n" + config.read_text())
    done = run_cli("run", "--config", str(config), env={"TASKRANK_DATA_DIR": str(data_dir)})
    assert done.returncode == 1 and "crawl_timeout_seconds" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_version_and_short_profile_option():
    from importlib.metadata import version

    done = run_cli("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"taskrank {version('taskrank')}"
    assert "-p" in run_cli("top", "--help").stdout


def test_top_at_80_to_100_columns_keeps_the_rate_and_says_what_it_left_out():
    import io

    from rich.console import Console

    from taskrank.cli.reading import TABLE_COLUMNS
    from taskrank.output import render_rows

    row = {"position": 1, "platform": "mturk", "title": "Annotate 11 prompt-response text items " * 3,
           "reward_amount": 0.67, "reward_max": None, "pay_basis": "per_task", "reward_currency": "USD",
           "minutes_used": 6.5, "rate_per_hour": 4.31,
           "rate_low": 1.2, "rate_high": 9.9, "p_above_minimum": 0.2,
           "reasons": ["time from reward and allowance"]}  # fmt: skip
    for width in (80, 90, 100):
        out = io.StringIO()
        render_rows(Console(file=out, width=width), TABLE_COLUMNS, [row], "table")
        lines = out.getvalue().splitlines()
        assert max(len(line) for line in lines) <= width
        assert any("4.31" in line and "mturk" in line for line in lines)
        assert "left out at" in out.getvalue()
    hourly = row | {"reward_amount": 13.0, "reward_max": 30.0, "pay_basis": "per_hour", "minutes_used": None}
    out = io.StringIO()
    render_rows(Console(file=out, width=160), TABLE_COLUMNS, [hourly], "table")
    assert "13.00–30.00/h" in out.getvalue()


def test_fx_without_a_date_names_the_key_and_shows_how_to_write_it(tmp_path, data_dir):
    config = tmp_path / "fx.toml"
    config.write_text(
        '[fx]\nUSD = 1.0\n\n[[profiles]]\nname = "me"\nmin_hourly_rate = { amount = 12, currency = "USD" }\n'
    )
    done = run_cli("top", "--config", str(config), env={"TASKRANK_DATA_DIR": str(data_dir)})
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert "[fx] has no as_of: give the date its rates are from, unquoted, e.g. as_of = 2026-11-01" in done.stderr


def test_log_summary_by_week_names_weeks_by_their_first_day(data_dir):
    import json

    from conftest import SYNTHETIC

    env = {"TASKRANK_DATA_DIR": str(data_dir)}
    run_cli("log", "import", str(SYNTHETIC / "work_log" / "mixed.csv"), env=env)
    done = run_cli("log", "summary", "--by", "week", "--format", "json", env=env)
    weeks = {row["week"] for row in json.loads(done.stdout)}
    assert "2026-11-16" in weeks and all(w is None or len(w) == 10 for w in weeks)


def test_a_warehouse_that_cannot_be_written_is_one_line_not_a_traceback(monkeypatch, data_dir):
    import duckdb
    from typer.testing import CliRunner

    from taskrank import steps
    from taskrank.cli import app

    def full_disk(*args: object) -> None:
        raise duckdb.TransactionException("TransactionContext Error: Failed to commit: No space left on device\nmore")

    monkeypatch.setattr(steps, "rank", full_disk)
    done = CliRunner().invoke(app, ["rank"])
    assert done.exit_code == 1 and "Traceback" not in done.output
    assert "the warehouse could not be used (TransactionContext Error: Failed to commit: No space left on device)" in (
        " ".join(done.output.split())
    )


def test_the_readmes_steps_on_their_own_chain_as_written(tmp_path, data_dir):
    from taskrank.settings import DEMO_CONFIG

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    block = readme.split("Steps on their own:", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    # Optional parts ("[--run RUN_ID]") are left out, as a person running the steps for the first time would.
    steps = [re.sub(r"\[.*?\]", "", line.split("#", 1)[0]).split() for line in block.strip().splitlines()]
    assert [s[1] for s in steps] == ["crawl", "load", "rank", "digest", "top"]
    fill = {"DIR": str(DEMO_CONFIG.parent / "synthetic" / "mturk"), "me": "demo", "table|json|csv": "json"}
    env = {"TASKRANK_DATA_DIR": str(data_dir)}
    for words in steps:
        args = [fill.get(w, w) for w in words[1:]]
        done = run_cli(*args, env=env, cwd=tmp_path)
        assert done.returncode == 0, (args, done.stderr)
    ranked = json.loads(done.stdout)
    assert ranked and {row["platform"] for row in ranked} == {"mturk"}
    assert list((data_dir / "digests").glob("*/demo.md"))


def test_top_leaves_out_a_listing_whose_expiry_has_passed_since_the_ranking(data_dir, demo_ran):
    from warehouse.connection import writer

    before = json.loads(run_cli("top", "-p", "demo", "--format", "json", "--limit", "100").stdout)
    gone = before[0]
    with writer(data_dir / "taskrank.duckdb") as con:
        con.execute(
            "UPDATE listing_versions SET expires_at = now() - INTERVAL 1 MINUTE WHERE platform = ? AND listing_id = ?",
            [gone["platform"], gone["listing_id"]],
        )
    after = json.loads(run_cli("top", "-p", "demo", "--format", "json", "--limit", "100").stdout)
    assert [r["listing_id"] for r in after] == [r["listing_id"] for r in before[1:]]


def test_top_numbers_the_listings_it_shows_and_writes_hourly_pay_as_a_rate(data_dir, demo_ran):
    table = run_cli("top", "-p", "demo", "--limit", "6").stdout
    numbers = [int(m) for m in re.findall(r"^│\s+(\d+) │", table, re.M)]
    assert numbers == [1, 2, 3, 4, 5, 6]
    assert "13.00–30.00/h" in table
    ranked = json.loads(run_cli("top", "-p", "demo", "--format", "json", "--limit", "6").stdout)
    # Programs get the stored rank; the rate card between listings is left out of `top`, so ranks skip it.
    assert [r["rank"] for r in ranked] != list(range(1, 7)) and all(r["source_mode"] != "catalog" for r in ranked)
