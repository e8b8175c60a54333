"""Read views live as models in warehouse/sql/models: applied after every migration, re-applied when their files
change or a view has gone, and the same on a DuckDB file as the migrations left them."""

import duckdb

from warehouse import migrate as migrations
from warehouse.migrate import apply_models, migrate, models


def _views(con) -> dict[str, list[tuple]]:
    names = [row[0] for row in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()]
    return {name: con.execute(f"DESCRIBE {name}").fetchall() for name in sorted(names)}


def test_every_model_is_a_view_after_migrate_and_a_second_migrate_changes_nothing(tmp_path):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        assert migrate(con)[-1] == "models"
        views = _views(con)
        assert {"platform_runs", "listings", "listing_observations", "ranking_input", "work_log_weekly"} <= set(views)
        assert len(models()) == 5 and migrate(con) == []
        assert _views(con) == views


def test_a_dropped_view_comes_back_and_a_changed_model_is_applied(tmp_path, monkeypatch):
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        migrate(con)
        con.execute("DROP VIEW listing_observations")
        assert apply_models(con) and "listing_observations" in _views(con)
        changed = [(name, sql.replace("still_open\nFROM listings", "still_open, 1 AS model_marker\nFROM listings"))
                   for name, sql in models()]  # fmt: skip
        monkeypatch.setattr(migrations, "models", lambda: changed)
        assert migrate(con) == ["models"]
        assert "model_marker" in [c[0] for c in _views(con)["ranking_input"]]
