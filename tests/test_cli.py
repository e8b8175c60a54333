import json
import re
from pathlib import Path

from conftest import run_cli


def env(data_dir: Path) -> dict[str, str]:
    return {"TASKRANK_DATA_DIR": str(data_dir)}


def test_demo_run_prints_ranked_table_and_writes_digests(data_dir, demo_ran):
    done = demo_ran
    assert "best paying for demo" in done.stdout
    # The bundled demo is a healthy day: every source ok, no rejects (the bad-record pages live in tests/fixtures).
    health = re.findall(r"^(\w+): (\w+) \d+ pages, \d+ listings, (\d+) rejects", done.stdout, re.M)
    assert len(health) == 12 and {(state, rejects) for _, state, rejects in health} == {("ok", "0")}
    digests = sorted(data_dir.glob("digests/*/*.md"))
    assert [p.name for p in digests] == ["demo.md", "uk-student.md"]
    # The run wrote into the demo's own folder, which this test's data folder copies.
    folder = digests[0].parent.relative_to(data_dir)
    assert re.search(rf"^digests: .*/{re.escape(str(folder))}/{{demo,uk-student}}\.{{csv,html,json,md,svg}}$",
                     done.stdout, re.M)  # fmt: skip
    assert "next: taskrank top -p demo --limit 50" in done.stdout
    assert re.search(r"^time estimates: [1-9]\d* new or changed listings estimated, 0 reused", done.stdout, re.M)
    text = digests[0].read_text()
    assert "time model:" in done.stdout and "train_report.md" in done.stdout
    row = (
        r"\| \d+ \| \w+ \| .+ \| .+ \| [\d.]+(–[\d.]+)? [A-Z]{3}(/h)? \| "
        r"(\d+ min \(\d+–\d+ min\)[^|]*|paid by the hour) \| "
        r"[\d.]+ USD \([\d.]+–[\d.]+\) \| \d+% \| [^|]+ \| [\d,—]+ \|"
    )
    assert re.search(row, text), text
    assert "- mturk (snapshot): ok — 2 pages, 9 items, 0 rejects" in text


def test_top_json_after_a_run_respects_the_profile(data_dir, demo_ran):
    done = run_cli("top", "--profile", "uk-student", "--format", "json", "--limit", "50", env=env(data_dir))
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    keys = [(r["demoted"], -r["rate_per_hour"]) for r in rows]
    assert keys == sorted(keys)
    for r in rows:
        assert r["rate_low"] <= r["rate_per_hour"] <= r["rate_high"]
        assert 0 <= r["p_above_minimum"] <= 1 and r["reasons"] and isinstance(r["flags"], list)
    assert all(r["rate_currency"] == "GBP" for r in rows)
    # Rate cards are typical pay, not work to take: never among the listings, shown on request.
    assert rows and not any(r["source_mode"] == "catalog" for r in rows)
    cards = run_cli("top", "-p", "uk-student", "--rate-cards", "--format", "json", env=env(data_dir))
    assert cards.returncode == 0 and {r["source_mode"] for r in json.loads(cards.stdout)} == {"catalog"}
    assert not any("transcri" in r["title"].lower() for r in rows)
    assert "Find the official website of a small business" not in {r["title"] for r in rows}


def test_top_csv(data_dir, demo_ran):
    done = run_cli("top", "--profile", "demo", "--format", "csv", "--limit", "3", env=env(data_dir))
    lines = done.stdout.strip().splitlines()
    assert lines[0].startswith("rank,platform,listing_id,title")
    assert len(lines) == 4


def test_unknown_profile_is_one_clear_line(tmp_path, data_dir):
    done = run_cli("top", "--profile", "nobody", env=env(data_dir))
    assert done.returncode == 1
    assert done.stderr.strip() == (
        "error: unknown profile 'nobody'; profiles in "
        f"{Path(__file__).resolve().parents[1] / 'taskrank' / 'demo' / 'config.toml'}: demo, uk-student"
    )


def test_missing_config_file(tmp_path, data_dir):
    done = run_cli("run", "--config", str(tmp_path / "missing.toml"), env=env(data_dir))
    assert done.returncode == 1
    assert done.stderr.strip() == f"error: config file not found: {tmp_path / 'missing.toml'}"


def test_invalid_config_names_the_field(tmp_path, demo_config, data_dir):
    demo_config.write_text(demo_config.read_text().replace('currency = "GBP"', 'currency = "POUNDS"'))
    done = run_cli("run", "--config", str(demo_config), env=env(data_dir))
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: config file {demo_config}: profiles.1.min_hourly_rate.currency:")
    assert "Traceback" not in done.stderr


def test_top_before_any_run_says_what_to_do(tmp_path, data_dir):
    done = run_cli("top", "--profile", "demo", env=env(data_dir))
    assert done.returncode == 1
    assert "no warehouse at" in done.stderr


def test_load_defaults_to_newest_run_and_says_what_it_loaded(data_dir, demo_ran):
    done = run_cli("load", env=env(data_dir))
    assert done.returncode == 0, done.stderr
    # 33 listings from the eleven spiders and 5 rate cards (fiverr, taskrabbit, rev's audio work and the two
    # platforms the demo does not crawl).
    said = " ".join(done.stdout.split())
    assert ": 38 listings, 0 rejects from appen, catalog, clickworker, microworkers, mturk, prolific, rev," in said
    assert "upwork; health ok" in said


def test_load_unknown_run(tmp_path, data_dir):
    done = run_cli("load", "--run", "nope", env=env(data_dir))
    assert done.returncode == 1
    assert "no landing folder for run 'nope'" in done.stderr


def test_a_failed_source_is_loud_and_the_run_still_writes_digests(tmp_path, demo_config, data_dir):
    # A live mturk source with no session in the environment: the crawl stops at once, nothing is fetched.
    demo_config.write_text(
        demo_config.read_text().replace('name = "mturk"\nmode = "snapshot"', 'name = "mturk"\nmode = "live"')
    )
    done = run_cli("run", "--config", str(demo_config), env=env(data_dir) | {"TASKRANK_MTURK_COOKIE": ""})
    assert "mturk: failed 0 pages" in done.stdout
    assert "missing credentials: set TASKRANK_MTURK_COOKIE" in done.stdout
    # The other sources ranked: the run succeeds and says what failed.
    assert done.returncode == 0
    assert "attention: mturk is failed: missing credentials: set TASKRANK_MTURK_COOKIE" in done.stderr
    digest = next(data_dir.glob("digests/*/demo.md")).read_text()
    assert "- mturk (live): **FAILED** — 0 pages, 0 items, 0 rejects — missing credentials" in digest


def test_snapshot_folders_that_do_not_exist_stop_the_run_before_any_work(tmp_path, demo_config, data_dir):
    text = re.sub(r'snapshot = "synthetic/\w+"', 'snapshot = "nowhere"', demo_config.read_text())
    demo_config.write_text(text)
    done = run_cli("run", "--config", str(demo_config), env=env(data_dir))
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert f"source 'mturk': snapshot {demo_config.parent / 'nowhere'} does not exist" in done.stderr
    assert not list(data_dir.glob("landing/run=*")) and not list(data_dir.glob("digests/*"))


def test_a_second_run_lands_complete_files_and_ranks_the_same(tmp_path, data_dir, demo_ran):
    first = demo_ran
    top_first = run_cli("top", "--profile", "demo", "--format", "json", "--limit", "50", env=env(data_dir))
    second = run_cli("run", env=env(data_dir), cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "mturk: ok 2 pages, 9 listings, 0 rejects" in first.stdout
    assert "mturk: ok 2 pages, 9 listings, 0 rejects" in second.stdout
    top_second = run_cli("top", "--profile", "demo", "--format", "json", "--limit", "50", env=env(data_dir))
    assert json.loads(top_second.stdout) == json.loads(top_first.stdout)
    first_run, second_run = sorted(data_dir.glob("landing/run=*"))
    assert (first_run / "mturk.jsonl").read_text().count("\n") == (second_run / "mturk.jsonl").read_text().count("\n")
    versions = run_cli("query", "SELECT count(*) AS n, count(*) FILTER (superseded) AS old FROM listing_versions",
                       "--format", "json", env=env(data_dir))  # fmt: skip
    assert json.loads(versions.stdout) == [{"n": 38, "old": 0}]


def test_runs_load_in_any_order_and_rebuild_gives_the_same_tables(tmp_path, data_dir, demo_ran):
    assert run_cli("run", env=env(data_dir), cwd=tmp_path).returncode == 0
    first, second = sorted(p.name.removeprefix("run=") for p in data_dir.glob("landing/run=*"))
    query = "SELECT run_id, count(*) AS n FROM listing_observations GROUP BY ALL ORDER BY ALL"
    in_order = run_cli("query", query, "--format", "json", env=env(data_dir)).stdout
    (data_dir / "taskrank.duckdb").unlink()
    for run_id in (second, first):
        done = run_cli("load", "--run", run_id, env=env(data_dir))
        assert done.returncode == 0, done.stderr
    assert run_cli("query", query, "--format", "json", env=env(data_dir)).stdout == in_order
    rebuilt = run_cli("db", "rebuild", env=env(data_dir))
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "rebuilt from 2 runs" in rebuilt.stdout
    assert run_cli("query", query, "--format", "json", env=env(data_dir)).stdout == in_order
    # A rebuild into a new warehouse (the README's way to move to DuckLake) carries what ranking needs.
    (data_dir / "taskrank.duckdb").unlink()
    assert run_cli("db", "rebuild", env=env(data_dir)).returncode == 0
    ranked = run_cli("rank", env=env(data_dir))
    assert ranked.returncode == 0 and "Traceback" not in ranked.stderr, ranked.stderr


def test_pay_in_a_currency_without_a_rate_is_one_line_naming_it(tmp_path, demo_config, data_dir):
    feed = Path(__file__).parent / "fixtures" / "synthetic" / "feed_namespaced"
    demo_config.write_text(demo_config.read_text() + f'\n[[sources]]\nname = "feed"\nsnapshot = "{feed}"\n')
    done = run_cli("run", "--config", str(demo_config), env=env(data_dir))
    assert done.returncode == 0, done.stderr
    # The board pays in AUD, CAD and PHP; the demo's [fx] knows none of them, so none is ranked, and each is said.
    for currency in ("AUD", "CAD", "PHP"):
        line = f"warning: profile demo: 1 listings not ranked: no exchange rate for {currency}; add it under [fx]"
        assert line in done.stderr
    top = run_cli("top", "-c", str(demo_config), "--profile", "demo", "--format", "json", env=env(data_dir))
    assert not [r for r in json.loads(top.stdout) if r["platform"] == "jobs_example_com"]
    assert "1 not ranked: no exchange rate for AUD" in top.stderr
