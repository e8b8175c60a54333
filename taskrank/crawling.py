"""Running one crawl in its own process (Twisted's reactor cannot restart) and reading what it reports."""

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from contracts import SourceStats
from contracts.landing import SourceFiles, write_atomic

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
    settings: dict[str, str] | None = None,
) -> SourceStats:
    """Crawl one source into `out` (listings), with rejects and stats beside it; returns the stats."""
    files = SourceFiles.beside(out)
    if files.stats.exists():
        raise FileExistsError(f"{out} has already landed; landing files are never rewritten")
    out.parent.mkdir(parents=True, exist_ok=True)
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
    for name, value in (settings or {}).items():
        command += ["--set", f"{name}={value}"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        problem = _last_line(_redacted(done.stderr)) if done.returncode else ""
        stderr, finish = done.stderr, f"exit status {done.returncode}"
    except subprocess.TimeoutExpired as exc:
        problem, finish = f"crawl timed out after {timeout:g}s", "timeout"
        stderr = exc.stderr.decode(errors="replace") if isinstance(exc.stderr, bytes) else (exc.stderr or "")
    if stderr.strip():
        files.log.write_text(_redacted(stderr), encoding="utf-8")
    if files.stats.exists():
        return SourceStats.model_validate_json(files.stats.read_text(encoding="utf-8"))
    died = SourceStats(
        source=source, run_id=run_id, mode=mode, finish_reason=finish,
        message=problem or "crawl ended without writing its stats",
    )  # fmt: skip
    for empty in (files.listings, files.rejects):
        if not empty.exists():
            write_atomic(empty, "")
    write_atomic(files.stats, died.model_dump_json(indent=2) + "\n")
    return died


def _redacted(text: str) -> str:
    """The crawl's log with every session secret taken out, whatever the spider logged."""
    for name, value in os.environ.items():
        if name.startswith("TASKRANK_") and name.endswith(SECRET_SUFFIXES) and len(value) >= 4:
            text = text.replace(value, f"<{name}>")
    return text


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "crawl process failed"
