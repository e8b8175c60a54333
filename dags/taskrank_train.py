"""The weekly retraining DAG; its documentation is the @dag function's docstring, which Airflow shows."""

from datetime import datetime, timedelta

from airflow.sdk import dag, task


@dag(
    schedule="@weekly",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    tags=["taskrank"],
    default_args={"retries": 1, "retry_delay": timedelta(minutes=10)},
)
def taskrank_train():
    """Weekly retraining of the time model on every label the warehouse holds; the daily run ranks with the newest.

    It reads the warehouse only, so it needs no pool slot; the model file is replaced atomically.
    """

    @task
    def train() -> dict:
        from taskrank import pipeline

        return pipeline.train()

    train()


taskrank_train()
