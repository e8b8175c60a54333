"""Importing a person's work log (validated rows, loaded in bulk) and summarising their effective pay."""

import hashlib
import json
import os
import tempfile
from pathlib import Path

import duckdb

from contracts import WorkLogEntry
from warehouse.columns import WORK_LOG_ROW

SUMMARY_GROUPS = {"platform": ["platform"], "requester": ["platform", "requester_id"], "week": ["week"]}


def entry_id(entry: WorkLogEntry) -> str:
    return hashlib.sha1(entry.model_dump_json().encode()).hexdigest()[:20]


def import_entries(con: duckdb.DuckDBPyConnection, entries: list[WorkLogEntry], source: str) -> int:
    """Insert entries not already present, in one bulk statement; returns how many were new."""
    if not entries:
        return 0
    handle, name = tempfile.mkstemp(suffix=".jsonl")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for entry in entries:
                row = json.loads(entry.model_dump_json())
                out.write(json.dumps({**row, "entry_id": entry_id(entry), "imported_from": source}) + "\n")
        columns = "{" + ", ".join(f"'{k}': '{v}'" for k, v in WORK_LOG_ROW.items()) + "}"
        before = con.execute("SELECT count(*) FROM work_log").fetchone()[0]
        con.execute(
            f"""
            INSERT INTO work_log BY NAME
            SELECT DISTINCT ON (entry_id) * FROM read_json(?, format='newline_delimited', columns={columns})
            WHERE entry_id NOT IN (SELECT entry_id FROM work_log)
            """,
            [name],
        )
        return con.execute("SELECT count(*) FROM work_log").fetchone()[0] - before
    finally:
        Path(name).unlink(missing_ok=True)


def summary(con: duckdb.DuckDBPyConnection, by: str) -> tuple[list[str], list[tuple]]:
    keys = SUMMARY_GROUPS[by]
    names = ", ".join(keys)
    # A week reads as the date it starts on, not a midnight timestamp with its zone.
    shown = ", ".join("week::DATE AS week" if key == "week" else key for key in keys)
    cursor = con.execute(
        f"""
        SELECT {shown}, currency, sum(tasks) AS tasks, round(sum(minutes), 1) AS minutes,
               round(sum(earned), 2) AS earned, round(sum(earned) / nullif(sum(minutes), 0) * 60, 2) AS per_hour,
               sum(unpaid_tasks) AS unpaid_tasks
        FROM work_log_weekly GROUP BY ALL ORDER BY {names}, currency
        """
    )
    return [d[0] for d in cursor.description], cursor.fetchall()
