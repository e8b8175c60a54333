"""The landing layout every layer shares: one folder per run, per source a listings, a rejects and a stats file.

A source has landed once its stats file exists; it is written last, after the other two are renamed into place.
"""

import os
import uuid
from dataclasses import dataclass
from pathlib import Path


def write_atomic(path: Path, text: str) -> Path:
    """Write a file whole or not at all: a reader never sees half of it, and two writers at once (the daily run's
    digest and the digest-only DAG's) each write a temporary file of their own; the last rename wins."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def temporary(path: Path) -> Path:
    """Where a file is written before it is renamed into place (hidden, so no glob of landed files sees it)."""
    return path.with_name(f".{path.name}.tmp")


@dataclass(frozen=True)
class SourceFiles:
    listings: Path
    rejects: Path
    stats: Path
    log: Path

    @classmethod
    def beside(cls, listings: Path) -> "SourceFiles":
        """x.jsonl -> x.rejects.jsonl, x.stats.json and x.log beside it."""
        stem = listings.name.removesuffix(".jsonl")
        return cls(
            listings, *(listings.with_name(stem + suffix) for suffix in (".rejects.jsonl", ".stats.json", ".log"))
        )


@dataclass(frozen=True)
class RunFolder:
    path: Path

    def files(self, source: str) -> SourceFiles:
        return SourceFiles.beside(self.path / f"{source}.jsonl")

    @property
    def sources(self) -> list[str]:
        return sorted(p.name.removesuffix(".stats.json") for p in self.path.glob("*.stats.json"))

    def listing_files(self) -> list[Path]:
        return [f.listings for s in self.sources if (f := self.files(s)).listings.exists()]

    def reject_files(self) -> list[Path]:
        return [f.rejects for s in self.sources if (f := self.files(s)).rejects.exists()]

    def stats_files(self) -> list[Path]:
        return [self.files(s).stats for s in self.sources]


def run_folder(landing: Path, run_id: str) -> RunFolder:
    return RunFolder(landing / f"run={run_id}")


def claim_run(landing: Path, run_id: str) -> str:
    """A run id whose landing folder this process alone created: `run_id`, or `run_id-2`, `-3`… when another run
    started in the same second (two interactive runs never share a folder; ids still sort in time)."""
    landing.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, 1000):
        claimed = run_id if attempt == 1 else f"{run_id}-{attempt}"
        try:
            run_folder(landing, claimed).path.mkdir()
        except FileExistsError:
            continue
        return claimed
    raise FileExistsError(f"{landing}: no free run folder for {run_id}")


def landed_runs(landing: Path) -> list[str]:
    """Every run folder with at least one landed source."""
    return sorted(p.name.removeprefix("run=") for p in landing.glob("run=*") if any(p.glob("*.stats.json")))


def newest_run_id(landing: Path) -> str | None:
    """The most recently written run folder that has at least one landed source."""
    runs = [run_folder(landing, run).path for run in landed_runs(landing)]
    if not runs:
        return None
    return max(runs, key=lambda p: (p.stat().st_mtime, p.name)).name.removeprefix("run=")
