"""Landing only what changed since a base run: a listing's content fingerprint and the fingerprints a run landed."""

import hashlib
import json
from pathlib import Path
from typing import Any

# What a sighting adds to a listing's page: when, and in which run. Everything else is content.
_SIGHTING_FIELDS = ("observed_at", "run_id")
# What one observation of an unchanged listing records beside its key and fingerprint.
_OBSERVED_FIELDS = ("observed_at", "minutes", "observed_minutes", "places_available")


def unchanged_path(out: Path) -> Path:
    """Markers of listings seen again unchanged, beside a listings file: x.jsonl -> x.unchanged.jsonl."""
    return out.with_name(f"{out.name.removesuffix('.jsonl')}.unchanged.jsonl")


def content_fingerprint(record: dict[str, Any]) -> int:
    """A stable 63-bit fingerprint of a listing's content (a JSON-mode dump), so it fits a signed 64-bit integer."""
    content = {k: v for k, v in record.items() if k not in _SIGHTING_FIELDS}
    digest = hashlib.blake2b(json.dumps(content, sort_keys=True).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def unchanged_marker(record: dict[str, Any], fingerprint: int) -> dict[str, Any]:
    marker = {"platform": record["platform"], "listing_id": record["listing_id"], "content_hash": fingerprint}
    marker |= {"reward_amount": record["reward"]["amount"], "reward_currency": record["reward"]["currency"]}
    return marker | {name: record.get(name) for name in _OBSERVED_FIELDS}


def landed_fingerprints(listings: Path) -> dict[tuple[str, str], int]:
    """(platform, listing id) -> fingerprint of every listing a run landed, in full or as unchanged."""
    known: dict[tuple[str, str], int] = {}
    for path in (listings, unchanged_path(listings)):
        if not path.exists():
            continue
        with path.open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                if row.get("content_hash") is not None:
                    known[(row["platform"], row["listing_id"])] = row["content_hash"]
    return known
