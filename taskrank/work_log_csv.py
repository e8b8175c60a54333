"""Reading a person's work-log CSV: every good row kept, every bad row reported with its line number.

Two layouts are read: taskrank's own (templates/work_log.csv) and the submissions export a Prolific participant
downloads (`Study,Reward,Bonus,Started At,Completed At,Completion Code,Status`), told apart by the header.
"""

import csv
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from contracts import WorkLogEntry
from contracts.validation import describe
from spiders.parsing.pay_text import pay_from_text
from taskrank.errors import TaskrankError

TEMPLATE = Path(__file__).parent / "templates" / "work_log.csv"
REQUIRED = {"platform", "status"}
PROLIFIC_HEADER = {"Study", "Reward", "Started At", "Completed At", "Status"}
# Prolific's submission statuses as the work log records them; a timed-out submission was abandoned unpaid.
PROLIFIC_STATUS = {
    "APPROVED": "approved",
    "AWAITING REVIEW": "pending",
    "ACTIVE": "pending",
    "RETURNED": "returned",
    "TIMED-OUT": "returned",
    "REJECTED": "rejected",
    "SCREENED OUT": "screened_out",
}


def read_work_log(path: Path) -> tuple[list[WorkLogEntry], list[tuple[int, str]]]:
    """(entries, [(line, reason)]) for a CSV laid out like templates/work_log.csv or a Prolific export."""
    if not path.is_file():
        raise TaskrankError(f"work log not found: {path}")
    try:
        return _read(path)
    except UnicodeDecodeError:
        raise TaskrankError(f"{path} is not UTF-8 text: save it as CSV UTF-8 and import it again") from None


def _read(path: Path) -> tuple[list[WorkLogEntry], list[tuple[int, str]]]:
    entries, problems = [], []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = {name.strip() for name in reader.fieldnames or [] if name}
        prolific = header >= PROLIFIC_HEADER
        missing = REQUIRED - header
        if missing and not prolific:
            raise TaskrankError(
                f"{path}: missing columns {sorted(missing)}; see {TEMPLATE}, or give a Prolific submissions export "
                f"(columns {', '.join(sorted(PROLIFIC_HEADER))})"
            )
        for line, fields in _rows(reader):
            try:
                entries.append(WorkLogEntry.model_validate(_prolific(fields) if prolific else fields))
            except (ValidationError, ValueError) as exc:
                problems.append((line, describe(exc) if isinstance(exc, ValidationError) else str(exc)))
    return entries, problems


def _rows(reader: csv.DictReader) -> Iterator[tuple[int, dict[str, str]]]:
    for row in reader:
        if None in row:
            yield reader.line_num, {"": "more values than columns"}
            continue
        yield reader.line_num, {k.strip(): v.strip() for k, v in row.items() if k and v is not None and v.strip()}


def _prolific(fields: dict[str, str]) -> dict[str, object]:
    """One Prolific submission as a work-log entry: money cells like £2.67 or CA$10.00, naive UTC timestamps."""
    if "" in fields:
        raise ValueError(fields[""])
    status = fields.get("Status", "")
    if status.upper() not in PROLIFIC_STATUS:
        raise ValueError(f"Status {status!r}: expected one of {', '.join(PROLIFIC_STATUS)}")
    reward = _money(fields.get("Reward"), "Reward")
    bonus = _money(fields.get("Bonus"), "Bonus") if fields.get("Bonus") else None
    if bonus is not None and reward is not None and bonus[1] != reward[1]:
        raise ValueError(f"Bonus is in {bonus[1]} but Reward in {reward[1]}")
    currency = (reward or bonus or (0.0, "GBP"))[1]
    return {
        "platform": "prolific",
        "title": fields.get("Study"),
        "started_at": _utc(fields.get("Started At"), "Started At"),
        "ended_at": _utc(fields.get("Completed At"), "Completed At"),
        "earned": reward[0] if reward else 0,
        "bonus": bonus[0] if bonus else 0,
        "currency": currency,
        "status": PROLIFIC_STATUS[status.upper()],
    }


def _money(cell: str | None, column: str) -> tuple[float, str] | None:
    if not cell:
        return None
    pay = pay_from_text(cell)
    if pay is None or pay.amount < 0:
        raise ValueError(f"{column} {cell!r}: not an amount with its currency, like £2.67 or $7.50")
    return pay.amount, pay.currency


def _utc(cell: str | None, column: str) -> datetime | None:
    if not cell:
        return None
    try:
        moment = datetime.fromisoformat(cell)
    except ValueError:
        raise ValueError(f"{column} {cell!r}: not a date and time like 2026-03-25 16:10:53.160000") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
