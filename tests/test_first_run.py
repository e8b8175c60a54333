"""A new user's first run: one source of saved pages, one profile, no labels, no [model] section."""

import json
import shutil

import pytest
from conftest import PAGES, SYNTHETIC, run_cli

SOURCES = {
    "mturk": PAGES / "mturk",
    "prolific": PAGES / "prolific",
    "respondent": SYNTHETIC / "respondent",
    "upwork": PAGES / "upwork",
}


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_one_source_and_no_labels_runs_end_to_end_on_the_prior(source, tmp_path, data_dir):
    shutil.copytree(SOURCES[source], tmp_path / "pages")
    config = tmp_path / "my.toml"
    config.write_text(
        "[fx]\nas_of = 2026-11-01\nUSD = 1.0\nGBP = 0.79\n\n"
        f'[[sources]]\nname = "{source}"\nsnapshot = "pages"\n\n'
        '[[profiles]]\nname = "me"\nmin_hourly_rate = { amount = 12.0, currency = "USD" }\n'
    )
    done = run_cli("run", "--config", str(config), env={"TASKRANK_LABELLED_EXPORTS": ""}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "not trained" in done.stdout and "ranking uses the prior" in done.stdout
    report = (data_dir / "model" / "train_report.md").read_text()
    assert "**No model**" in report and "ranked by the prior" in report
    top = run_cli("top", "--config", str(config), "--profile", "me", "--format", "json", "--limit", "100")
    assert top.returncode == 0, top.stderr
    rows = [r for r in json.loads(top.stdout) if r["platform"] == source and r["source_mode"] != "catalog"]
    assert rows, f"no {source} listings ranked"
    for r in rows:
        assert r["reasons"][0] != "time from model"
        assert r["rate_low"] <= r["rate_per_hour"] <= r["rate_high"]
