"""Running one crawl in its own process (Twisted's reactor cannot restart) and reading what it reports."""

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from contracts import SourceStats
from spiders.pipelines import companion_paths

SECRET_SUFFIXES = ("_COOKIE", "_TOKEN")


def crawl(
    source: str,
    out: Path,
    *,
    mode: str = "snapshot",
    snapshot: Path | None = None,
    run_id: str = "adhoc",
    observed_at: datetime | None = None,
    base_url: str | None = None,
    timeout: float = 1800.0,
    base: Path | None = None,
    settings: dict[str, str] | None = None,
) -> SourceStats:
    """Crawl one source into `out` (listings), with rejects and stats beside it; returns the stats.

    With `base` (an earlier run's listings file of this source), listings unchanged since it land as markers.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    _, stats_path = companion_paths(out)
    stats_path.unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "spiders.crawl",
        source,
        "--out",
        str(out),
        "--mode",
        mode,
        "--run-id",
        run_id,
    ]
    if snapshot is not None:
        command += ["--snapshot", str(snapshot)]
    if observed_at is not None:
        command += ["--observed-at", observed_at.isoformat()]
    if base_url:
        command += ["--base-url", base_url]
    if base is not None:
        command += ["--set", f"TASKRANK_BASE={base}"]
    for name, value in (settings or {}).items():
        command += ["--set", f"{name}={value}"]
    log = out.with_name(f"{out.name.removesuffix('.jsonl')}.log")
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        problem = _last_line(_redacted(done.stderr)) if done.returncode else ""
        stderr = done.stderr
    except subprocess.TimeoutExpired as exc:
        problem = f"crawl timed out after {timeout:g}s"
        stderr = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else (exc.stderr or "")
    if stderr.strip():
        log.write_text(_redacted(stderr), encoding="utf-8")
    if stats_path.exists():
        return SourceStats.model_validate_json(stats_path.read_text(encoding="utf-8"))
    failed = SourceStats(
        source=source, run_id=run_id, mode=mode, health="failed",
        message=problem or "crawl ended without writing its stats",
    )  # fmt: skip
    stats_path.write_text(failed.model_dump_json(indent=2) + "\n", encoding="utf-8")
    return failed


def _redacted(text: str) -> str:
    """The crawl's log with every session secret taken out, whatever the spider logged."""
    for name, value in os.environ.items():
        if name.startswith("TASKRANK_") and name.endswith(SECRET_SUFFIXES) and len(value) >= 4:
            text = text.replace(value, f"<{name}>")
    return text


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "crawl process failed"
