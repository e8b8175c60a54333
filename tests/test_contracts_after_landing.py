"""The rows after landing are declared once, in contracts: the ranking input view, the ranked table and the work
log as the warehouse holds them are exactly those contracts' columns and types."""

import duckdb

from contracts import RANKED_COLUMNS
from ranking.rank import COMPUTE_COLUMNS, TEXT_COLUMNS
from taskrank.digest import ROW_COLUMNS
from warehouse.columns import RANKED_ROW, RANKING_INPUT, WORK_LOG_ROW
from warehouse.migrate import migrate

# DESCRIBE spells a type its own way.
_SPELLING = {"TIMESTAMP WITH TIME ZONE": "TIMESTAMPTZ"}


def _described(con, name: str) -> dict[str, str]:
    return {column: _SPELLING.get(kind, kind) for column, kind, *_ in con.execute(f"DESCRIBE {name}").fetchall()}


def test_the_view_and_tables_after_landing_are_their_contracts(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        migrate(con)
        assert list(_described(con, "ranking_input").items()) == list(RANKING_INPUT.items())
        # The ranked table's columns came by migrations over time: the same set, each of the contract's type.
        assert _described(con, "ranked_listings") == RANKED_ROW
        assert _described(con, "work_log") == WORK_LOG_ROW


def test_every_column_list_after_landing_is_drawn_from_the_contracts():
    assert set(COMPUTE_COLUMNS + TEXT_COLUMNS) <= set(RANKING_INPUT)
    joined = {"section", "pay_basis", "reward_max", "posted_at", "expires_at", "places_now"}
    assert set(ROW_COLUMNS) - joined <= set(RANKED_COLUMNS)
