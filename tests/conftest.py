import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SYNTHETIC = FIXTURES / "synthetic"
PAGES = SYNTHETIC / "pages"
REAL_SAMPLES = ROOT.parent / "shared" / "real-samples"
OBSERVED_AT = datetime(2026, 11, 22, 6, 0, tzinfo=UTC)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder; nothing touches the repository's data/."""
    folder = tmp_path / "data"
    monkeypatch.setenv("TASKRANK_DATA_DIR", str(folder))
    monkeypatch.delenv("TASKRANK_CONFIG", raising=False)
    return folder


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
