"""The layers hold: dags -> taskrank -> spiders | warehouse | ranking (independent) -> contracts; no SQL outside
warehouse/."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_linter_contract_is_kept():
    done = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 kept, 0 broken" in done.stdout


_SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TEMP\s+)?TABLE)\b")


def test_sql_lives_only_in_the_warehouse_package():
    outside = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder in ("taskrank", "spiders", "ranking", "contracts", "dags")
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _SQL.search(line)
    ]
    assert outside == []
