"""The retraining DAG; its documentation is the @dag function's docstring, which Airflow shows."""

from datetime import datetime, timedelta

from airflow.sdk import Asset, dag, task

from taskrank import assets


@dag(
    schedule=[Asset(assets.WAREHOUSE)],
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    tags=["taskrank"],
    default_args={"retries": 1, "retry_delay": timedelta(minutes=10)},
)
def taskrank_train():
    """Retraining of the time model on every label the warehouse holds, after each load (the `taskrank_warehouse`
    Asset); the next ranking uses the newest model.

    It reads the warehouse only, so it needs no pool slot; the model file is replaced atomically.
    """

    @task
    def train() -> dict:
        from taskrank import pipeline

        return pipeline.train()

    train()


taskrank_train()
