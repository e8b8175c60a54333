"""DAG files import cleanly, wire the expected graph, and run end to end with dag.test()."""

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from taskrank import pipeline
from taskrank.cli.pipeline_commands import STAGE_RUNNERS

DAGS = Path(__file__).resolve().parents[1] / "dags"


@pytest.fixture(scope="module")
def airflow_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("airflow")
    os.environ.update({
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS),
        "AIRFLOW__CORE__UNIT_TEST_MODE": "True",
    })  # fmt: skip
    subprocess.run([sys.executable, "-m", "airflow", "db", "migrate"], check=True, capture_output=True, timeout=300)
    return home


@pytest.fixture(scope="module")
def dagbag(airflow_home):
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def test_every_dag_file_imports(dagbag):
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == {"taskrank_daily", "taskrank_train", "taskrank_digest"}


@pytest.mark.parametrize("dag_id", ["taskrank_daily", "taskrank_train", "taskrank_digest"])
def test_each_dag_is_documented_by_its_function_docstring(dagbag, dag_id):
    assert (dagbag.get_dag(dag_id).doc_md or "").startswith(("Daily taskrank run", "Retraining", "Digest files"))


def test_load_and_rank_publish_assets_that_training_and_the_digest_follow(dagbag):
    daily = dagbag.get_dag("taskrank_daily")
    published = {t: [a.name for a in daily.task_dict[t].outlets] for t in ("load", "rank")}
    assert published == {"load": ["taskrank_warehouse"], "rank": ["taskrank_ranking"]}
    followed = {d: [a.name for a in dagbag.get_dag(d).timetable.asset_condition.objects]
                for d in ("taskrank_train", "taskrank_digest")}  # fmt: skip
    assert followed == {"taskrank_train": ["taskrank_warehouse"], "taskrank_digest": ["taskrank_ranking"]}


def test_a_recrawl_is_a_new_run_observed_now_never_the_intervals_folder():
    interval = datetime(2026, 11, 22, tzinfo=UTC)
    assert pipeline.plan(interval)["run_id"] == "20261122T000000Z"
    again = pipeline.plan(interval, recrawl=True)
    assert again["run_id"] != "20261122T000000Z"
    assert datetime.fromisoformat(again["observed_at"]) > datetime(2026, 12, 1, tzinfo=UTC)


def test_task_graph(dagbag):
    dag = dagbag.get_dag("taskrank_daily")
    # The DAG wires exactly the stages and edges taskrank.pipeline declares, which `taskrank run` follows too.
    upstream = {task_id: set(task.upstream_task_ids) for task_id, task in dag.task_dict.items()}
    assert upstream == {stage: set(inputs) for stage, inputs in pipeline.STAGES.items()}
    assert list(STAGE_RUNNERS) == list(pipeline.STAGES)
    assert dag.task_dict["load"].pool == dag.task_dict["rank"].pool == "taskrank_duckdb"
    assert dag.timetable.expression in {"@daily", "0 0 * * *"}


def test_dag_runs_end_to_end_on_the_bundled_pages(dagbag, tmp_path, monkeypatch):
    monkeypatch.setenv("TASKRANK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("TASKRANK_CONFIG", raising=False)
    dag = dagbag.get_dag("taskrank_daily")
    run = dag.test(logical_date=datetime(2026, 11, 22, tzinfo=UTC))
    states = {(ti.task_id, ti.map_index): ti.state for ti in run.get_task_instances()}
    assert run.state == "success", states
    assert (tmp_path / "data" / "landing" / "run=20261122T000000Z" / "mturk.jsonl").exists()
    digest = tmp_path / "data" / "digests" / "2026-11-22" / "demo.md"
    assert "Run `20261122T000000Z`" in digest.read_text()

    trained = dagbag.get_dag("taskrank_train").test(logical_date=datetime(2026, 11, 23, tzinfo=UTC))
    assert trained.state == "success"
    assert (tmp_path / "data" / "model" / "time_model.skops").exists()
    assert "SYNTHETIC labels (held out at random)" in (tmp_path / "data" / "model" / "train_report.md").read_text()
