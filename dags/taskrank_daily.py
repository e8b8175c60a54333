"""Daily taskrank run: crawl every enabled source (each in its own process), load, rank, write digests, alert.

Configuration comes from $TASKRANK_CONFIG (default: the bundled demo) and data lands under $TASKRANK_DATA_DIR.
Tasks pass run ids and small summaries only; the warehouse writers share the one-slot `taskrank_duckdb` pool.
"""

from datetime import datetime, timedelta

from airflow.sdk import dag, task

WAREHOUSE_POOL = "taskrank_duckdb"


@dag(
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    tags=["taskrank"],
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
)
def taskrank_daily():
    @task
    def plan(data_interval_end: datetime | None = None, logical_date: datetime | None = None) -> dict:
        from taskrank import scheduled

        return scheduled.plan(data_interval_end or logical_date)

    @task
    def sources() -> list[str]:
        from taskrank import scheduled

        return scheduled.sources()

    @task(max_active_tis_per_dag=4)
    def crawl(source: str, run: dict) -> dict:
        from taskrank import scheduled

        return scheduled.crawl(source, run["run_id"], run["observed_at"])

    @task(pool=WAREHOUSE_POOL)
    def load(run: dict, crawled: list[dict]) -> dict:
        from taskrank import scheduled

        return scheduled.load(run["run_id"])

    @task(pool=WAREHOUSE_POOL)
    def rank(run: dict, loaded: dict) -> dict:
        from taskrank import scheduled

        return scheduled.rank(run["run_id"])

    @task
    def digest(run: dict, ranked: dict) -> list[str]:
        from taskrank import scheduled

        return scheduled.digest(run["run_id"])

    @task(pool=WAREHOUSE_POOL)
    def alert(run: dict, digests: list[str]) -> dict:
        from taskrank import scheduled

        return scheduled.alert(run["run_id"])

    run = plan()
    crawled = crawl.partial(run=run).expand(source=sources())
    loaded = load(run, crawled)
    ranked = rank(run, loaded)
    alert(run, digest(run, ranked))


taskrank_daily()
