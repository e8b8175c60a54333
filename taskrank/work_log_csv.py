"""Reading a person's work-log CSV: every good row kept, every bad row reported with its line number."""

import csv
from pathlib import Path

from pydantic import ValidationError

from contracts import WorkLogEntry
from contracts.validation import describe
from taskrank.errors import TaskrankError

TEMPLATE = Path(__file__).parent / "templates" / "work_log.csv"
REQUIRED = {"platform", "status"}


def read_work_log(path: Path) -> tuple[list[WorkLogEntry], list[tuple[int, str]]]:
    """(entries, [(line, reason)]) for a CSV laid out like templates/work_log.csv."""
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
        missing = REQUIRED - set(reader.fieldnames or [])
        if missing:
            raise TaskrankError(f"{path}: missing columns {sorted(missing)}; see {TEMPLATE}")
        for row in reader:
            line = reader.line_num
            if None in row:
                problems.append((line, "more values than columns"))
                continue
            fields = {k.strip(): v.strip() for k, v in row.items() if k and v is not None and v.strip() != ""}
            try:
                entries.append(WorkLogEntry.model_validate(fields))
            except ValidationError as exc:
                problems.append((line, describe(exc)))
    return entries, problems
