"""The digest-only DAG; its documentation is the @dag function's docstring, which Airflow shows."""

from datetime import datetime, timedelta

from airflow.sdk import Asset, dag, task

from taskrank import assets


@dag(
    schedule=[Asset(assets.RANKING)],
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    tags=["taskrank"],
    default_args={"retries": 1, "retry_delay": timedelta(minutes=5)},
)
def taskrank_digest():
    """Digest files for the newest ranked run, written again after each ranking (the `taskrank_ranking` Asset).

    The daily DAG writes them in its own order too; this one serves rankings made outside it (`taskrank rank`, a
    cleared rank task) and can be triggered by hand to rewrite them. Digests are derived files: writing one again
    gives the same file. It sends no alerts: those belong to the daily run, each listing once.
    """

    @task
    def digest() -> list[str]:
        from taskrank import pipeline

        return pipeline.digest()

    digest()


taskrank_digest()
