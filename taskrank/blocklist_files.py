"""Block lists as files, so a list kept in another tool moves over: CSV or JSON, one requester a row."""

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa

from contracts.listing import within_dates
from taskrank.errors import TaskrankError

COLUMNS = ["platform", "requester_id", "requester_name", "reason", "blocked_at"]


def read_block_list(path: Path, platform: str | None) -> pa.Table:
    """Rows of a CSV or JSON block list; `platform` fills rows that name none."""
    if not path.is_file():
        raise TaskrankError(f"block list not found: {path}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise TaskrankError(f"{path} is not UTF-8 text") from None
    if path.suffix.lower() == ".json":
        try:
            rows = json.loads(text)
        except json.JSONDecodeError as exc:
            raise TaskrankError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
        except RecursionError:
            raise TaskrankError(f"{path}: not valid JSON (nested too deeply)") from None
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise TaskrankError(f"{path}: expected a JSON list of objects with {COLUMNS[:2]}")
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
    now = datetime.now(UTC)
    cleaned = []
    for number, row in enumerate(rows, start=1):
        requester = str(row.get("requester_id") or "").strip()
        where = str(row.get("platform") or platform or "").strip()
        if not requester or not where:
            missing = "requester_id" if not requester else "platform (or give --platform)"
            raise TaskrankError(f"{path}: row {number} has no {missing}")
        cleaned.append(
            {
                "platform": where,
                "requester_id": requester,
                "requester_name": (str(row.get("requester_name") or "").strip() or None),
                "reason": (str(row.get("reason") or "").strip() or None),
                "blocked_at": _when(row.get("blocked_at")) or now,
            }
        )
    schema = pa.schema([("platform", pa.string()), ("requester_id", pa.string()), ("requester_name", pa.string()),
                        ("reason", pa.string()), ("blocked_at", pa.timestamp("us", tz="UTC"))])  # fmt: skip
    return pa.Table.from_pylist(cleaned, schema=schema)


def block_list_text(rows: list[dict], fmt: str) -> str:
    """A block list as CSV or JSON text that read_block_list reads back."""
    plain = [{c: (r[c].isoformat() if isinstance(r.get(c), datetime) else r.get(c)) for c in COLUMNS} for r in rows]
    if fmt == "json":
        return json.dumps(plain, indent=2, ensure_ascii=False) + "\n"
    if fmt != "csv":
        raise TaskrankError(f"unknown format {fmt!r}; use csv or json")
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(plain)
    return buffer.getvalue()


def _when(value: object) -> datetime | None:
    """A stated blocking time in UTC; unreadable or outside 2000–2100 (where UTC cannot hold it) reads as none."""
    try:
        moment = datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
    if moment is None or not within_dates(moment):
        return None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
