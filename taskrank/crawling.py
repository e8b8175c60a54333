"""The crawl step: each configured source crawled in its own process (Twisted's reactor cannot restart) into the
run's landing folder, and what it reports read back. Light on purpose: a scheduled crawl task imports only this."""

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from contracts import SourceStats
from contracts.landing import SourceFiles, run_folder, write_atomic
from taskrank.errors import TaskrankError
from taskrank.settings import Config

SECRET_SUFFIXES = ("_COOKIE", "_TOKEN")


def enabled_sources(config: Config) -> list[str]:
    return [s.name for s in config.sources if s.enabled]


def crawl_source(config: Config, source: str, run_id: str, observed_at: datetime) -> SourceStats:
    """Crawl one configured source into the run's landing folder.

    A source already landed in this run is not crawled again: landing files are never rewritten, so a re-run of a
    run id loads what it landed the first time.
    """
    files = run_folder(config.landing_dir, run_id).files(source)
    if files.stats.exists():
        return SourceStats.model_validate_json(files.stats.read_text(encoding="utf-8"))
    settings = config.source(source)
    if settings is None:
        raise TaskrankError(f"source {source!r} is not in {config.path}")
    return crawl(
        source,
        files.listings,
        mode=settings.mode,
        snapshot=settings.snapshot,
        run_id=run_id,
        observed_at=observed_at,
        base_url=settings.base_url,
        timeout=config.crawl_timeout_seconds,
        run_sources=enabled_sources(config),
    )


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
    run_sources: list[str] | None = None,
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
    if run_sources:
        command += ["--run-sources", ",".join(run_sources)]
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
