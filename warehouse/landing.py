"""The landing folder of one run and the typed columns its files are read with."""

from dataclasses import dataclass
from pathlib import Path

LISTING_COLUMNS = {
    "platform": "VARCHAR",
    "listing_id": "VARCHAR",
    "url": "VARCHAR",
    "title": "VARCHAR",
    "description": "VARCHAR",
    "requester_id": "VARCHAR",
    "requester_name": "VARCHAR",
    "category": "VARCHAR",
    "reward": "STRUCT(amount DECIMAL(14,4), currency VARCHAR, original_amount DECIMAL(14,4), original_unit VARCHAR)",
    "screen_out_reward": "DECIMAL(14,4)",
    "reward_max": "DECIMAL(14,4)",
    "pay_basis": "VARCHAR",
    "minutes": "DOUBLE",
    "minutes_kind": "VARCHAR",
    "title_minutes_hint": "DOUBLE",
    "observed_minutes": "DOUBLE",
    "places_available": "INTEGER",
    "requirements": "VARCHAR[]",
    "countries": "VARCHAR[]",
    "posted_at": "TIMESTAMPTZ",
    "expires_at": "TIMESTAMPTZ",
    "observed_at": "TIMESTAMPTZ",
    "source_mode": "VARCHAR",
    "run_id": "VARCHAR",
    "flags": "VARCHAR[]",
    "qualified": "BOOLEAN",
    "devices": "VARCHAR[]",
    "client_payment_verified": "BOOLEAN",
    "client_total_spent": "DECIMAL(14,2)",
    "client_rating": "DOUBLE",
    "proposals_min": "INTEGER",
    # The crawler's fingerprint of the listing's content (absent from files written before it had one).
    "content_hash": "UBIGINT",
}

# A listing seen again with the content its base run landed: its key, when it was seen, its fingerprint and what an
# observation records. The full row stays in the base run's files and in the warehouse.
UNCHANGED_COLUMNS = {
    "platform": "VARCHAR",
    "listing_id": "VARCHAR",
    "observed_at": "TIMESTAMPTZ",
    "content_hash": "UBIGINT",
    "reward_amount": "DECIMAL(14,4)",
    "reward_currency": "VARCHAR",
    "minutes": "DOUBLE",
    "observed_minutes": "DOUBLE",
    "places_available": "INTEGER",
}

REJECT_COLUMNS = {"reason": "VARCHAR", "page_url": "VARCHAR", "raw": "JSON"}

STATS_COLUMNS = {
    "source": "VARCHAR",
    "run_id": "VARCHAR",
    "mode": "VARCHAR",
    "pages": "INTEGER",
    "items": "INTEGER",
    "rejects": "INTEGER",
    "page_errors": "INTEGER",
    "http_errors": "INTEGER",
    "retries": "INTEGER",
    "duration_seconds": "DOUBLE",
    "health": "VARCHAR",
    "message": "VARCHAR",
    "unchanged": "INTEGER",
    "base_run_id": "VARCHAR",
    "platforms": "VARCHAR[]",
}


@dataclass(frozen=True)
class RunFolder:
    """A run's landing folder; a source counts once its stats file exists (written last, after the renames)."""

    path: Path

    @property
    def sources(self) -> list[str]:
        return sorted(p.name.removesuffix(".stats.json") for p in self.path.glob("*.stats.json"))

    def listing_files(self) -> list[Path]:
        return [p for s in self.sources if (p := self.path / f"{s}.jsonl").exists()]

    def unchanged_files(self) -> list[Path]:
        return [p for s in self.sources if (p := self.path / f"{s}.unchanged.jsonl").exists()]

    def reject_files(self) -> list[Path]:
        return [p for s in self.sources if (p := self.path / f"{s}.rejects.jsonl").exists()]

    def stats_files(self) -> list[Path]:
        return [self.path / f"{s}.stats.json" for s in self.sources]


def run_folder(landing: Path, run_id: str) -> RunFolder:
    return RunFolder(landing / f"run={run_id}")


def base_listings(landing: Path, run_id: str, source: str, loaded: list[str]) -> Path | None:
    """What a crawl of `source` in `run_id` lands its changes against: the listings file of the first of the `loaded`
    runs (newest first) that finished the source, never the run itself (its files are about to be replaced)."""
    for base in loaded:
        folder = run_folder(landing, base).path
        if base != run_id and (folder / f"{source}.stats.json").exists() and (folder / f"{source}.jsonl").exists():
            return folder / f"{source}.jsonl"
    return None


def newest_run_id(landing: Path) -> str | None:
    """The most recently written run folder that has at least one finished source."""
    runs = [p for p in landing.glob("run=*") if p.is_dir() and any(p.glob("*.stats.json"))]
    if not runs:
        return None
    return max(runs, key=lambda p: (p.stat().st_mtime, p.name)).name.removeprefix("run=")


def sql_list(paths: list[Path]) -> str:
    """A DuckDB list literal of file paths."""
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def sql_struct(columns: dict[str, str]) -> str:
    return "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items()) + "}"
