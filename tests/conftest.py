import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import settings

from contracts.landing import run_folder
from taskrank.crawling import crawl

# Property tests' size by tier: `make test` runs "ci", `make test-all` "full" (HYPOTHESIS_PROFILE picks one).
settings.register_profile("ci", max_examples=40)
settings.register_profile("full", max_examples=200)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SYNTHETIC = FIXTURES / "synthetic"
DEMO_PAGES = ROOT / "taskrank" / "demo" / "synthetic"


def demo_with_bad_records(folder: Path) -> Path:
    """The demo's pages with the bad records of fixtures/synthetic/bad_records added: each platform's page then has
    one or two records its parser must reject beside the good ones."""
    records = SYNTHETIC / "bad_records"
    shutil.copytree(DEMO_PAGES, folder, ignore=shutil.ignore_patterns("*.md"))
    shutil.copytree(records, folder, ignore=shutil.ignore_patterns("*.toml", "*.md"), dirs_exist_ok=True)
    edits: dict[str, list[dict]] = {}
    for edit in tomllib.loads((records / "edits.toml").read_text(encoding="utf-8"))["edit"]:
        edits.setdefault(edit["file"], []).append(edit)
    for name, changes in edits.items():
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert all(text.count(c["old"]) == 1 for c in changes), f"{name}: an edit's old text is not there once"
        for change in sorted(changes, key=lambda c: text.index(c["old"]), reverse=True):
            text = text.replace(change["old"], change["new"], 1)
        path.write_text(text, encoding="utf-8")
    return folder


# Built once per test process, outside the repository (no page is kept twice in it), and removed when it ends.
_BUILT = Path(tempfile.mkdtemp(prefix="taskrank-synthetic-"))
atexit.register(shutil.rmtree, _BUILT, ignore_errors=True)
PAGES = demo_with_bad_records(_BUILT / "pages")
REAL_SAMPLES = ROOT.parent / "shared" / "real-samples"
OBSERVED_AT = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder; nothing touches the repository's data/."""
    folder = tmp_path / "data"
    monkeypatch.setenv("TASKRANK_DATA_DIR", str(folder))
    monkeypatch.delenv("TASKRANK_CONFIG", raising=False)
    return folder


@pytest.fixture(scope="session")
def demo_once(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """The bundled demo's `taskrank run`, once per test process: tests copy its data folder instead of running it."""
    folder = tmp_path_factory.mktemp("demo-once")
    data = folder / "data"
    # No real labels from the environment: the demo ranks the same wherever the suite runs.
    env = {"TASKRANK_DATA_DIR": str(data), "TASKRANK_CONFIG": "", "TASKRANK_LABELLED_EXPORTS": ""}
    done = run_cli("run", env=env, cwd=folder)
    assert done.returncode == 0, done.stderr
    return data, done


@pytest.fixture
def demo_ran(demo_once: tuple[Path, subprocess.CompletedProcess], data_dir: Path) -> subprocess.CompletedProcess:
    """This test's own data folder holding the demo's run as `taskrank run` left it; the run's output."""
    shutil.copytree(demo_once[0], data_dir)
    return demo_once[1]


@pytest.fixture
def demo_config(tmp_path: Path, data_dir: Path) -> Path:
    """A copy of the bundled demo config, its pages beside it, that a test may edit."""
    folder = tmp_path / "config"
    shutil.copytree(PAGES, folder / "synthetic")
    shutil.copy(ROOT / "taskrank" / "demo" / "config.toml", folder / "config.toml")
    return folder / "config.toml"


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """The installed command in a real process, as a person runs it."""
    return subprocess.run(
        [sys.executable, "-m", "taskrank.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {}), "COLUMNS": "200"},
        cwd=cwd,
        timeout=300,
        check=False,
    )


def _landed_copy(landing: Path, run_id: str, rows: list[dict], days: int, source: Path) -> None:
    """A run of the same source seen `days` later, with these rows: as a later crawl of changed pages lands them."""
    folder = run_folder(landing, run_id).path
    folder.mkdir(parents=True)
    seen = (OBSERVED_AT + timedelta(days=days)).isoformat()
    (folder / "mturk.jsonl").write_text("".join(json.dumps(r | {"observed_at": seen, "run_id": run_id}) + "\n"
                                                for r in rows))  # fmt: skip
    shutil.copy(source / "mturk.rejects.jsonl", folder)
    stats = json.loads((source / "mturk.stats.json").read_text()) | {"run_id": run_id, "items": len(rows)}
    (folder / "mturk.stats.json").write_text(json.dumps(stats))


def land_three_runs(root: Path) -> Path:
    """r1: the demo's 9 MTurk listings. r2 a day later: 6 of them, the first paying more. r3: all 9 again (3 back
    after a run that did not see them), the second paying more."""
    first = run_folder(root, "r1").path
    crawl("mturk", first / "mturk.jsonl", snapshot=PAGES / "mturk", run_id="r1", observed_at=OBSERVED_AT)
    rows = [json.loads(line) for line in (first / "mturk.jsonl").read_text().splitlines()]
    raised = [dict(r) for r in rows]
    raised[0]["reward"] = dict(raised[0]["reward"], amount="9.99")
    _landed_copy(root, "r2", raised[:6], 1, first)
    raised[1]["reward"] = dict(raised[1]["reward"], amount="8.88")
    _landed_copy(root, "r3", raised, 2, first)
    return root
