"""The daily taskrank DAG; its documentation is the @dag function's docstring, which Airflow shows."""

from datetime import datetime, timedelta

from airflow.sdk import Asset, Param, dag, task

from taskrank import assets

WAREHOUSE_POOL = "taskrank_duckdb"


@dag(
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    tags=["taskrank"],
    default_args={"retries": 2, "retry_delay": timedelta(minutes=5)},
    params={
        "recrawl": Param(
            False, type="boolean", description="Crawl live pages again as a new run observed now, beside this one"
        )
    },
)
def taskrank_daily():
    """Daily taskrank run: one task per stage of `taskrank.pipeline`, in its order (the CLI's `run` follows it too).

    Configuration comes from $TASKRANK_CONFIG (default: the bundled demo) and data lands under $TASKRANK_DATA_DIR.
    Tasks pass run ids and small summaries only; the warehouse writers share the one-slot `taskrank_duckdb` pool.

    A cleared or re-run interval loads what it landed the first time: landing files are never rewritten. To fetch
    pages again, trigger with `{"recrawl": true}`: that run is observed now and lands in a folder of its own. Airflow
    refuses a second run for a date that has one (HTTP 409 "already exists"): clear that run instead, or recrawl.

    Publishes the `taskrank_warehouse` Asset after each load (retraining follows it) and `taskrank_ranking` after each
    ranking (the `taskrank_digest` DAG can follow it).
    """

    @task
    def plan(
        data_interval_end: datetime | None = None, logical_date: datetime | None = None, params: dict | None = None
    ) -> dict:
        from taskrank import pipeline

        return pipeline.plan(data_interval_end or logical_date, recrawl=bool((params or {}).get("recrawl")))

    @task
    def sources() -> list[str]:
        from taskrank import pipeline

        return pipeline.sources()

    @task(max_active_tis_per_dag=4)
    def crawl(source: str, run: dict) -> dict:
        from taskrank import pipeline

        return pipeline.crawl(source, run)

    @task(pool=WAREHOUSE_POOL, outlets=[Asset(assets.WAREHOUSE)])
    def load(run: dict, crawled: list[dict]) -> dict:
        from taskrank import pipeline

        return pipeline.load(run)

    @task
    def train_if_needed(loaded: dict) -> dict | None:
        from taskrank import pipeline

        return pipeline.train_if_needed()

    @task(pool=WAREHOUSE_POOL, outlets=[Asset(assets.RANKING)])
    def rank(run: dict, trained: dict | None) -> dict:
        from taskrank import pipeline

        return pipeline.rank(run)

    @task
    def digest(run: dict, ranked: dict) -> list[str]:
        from taskrank import pipeline

        return pipeline.digest(run)

    @task(pool=WAREHOUSE_POOL)
    def alert(run: dict, digests: list[str]) -> dict:
        from taskrank import pipeline, steps

        result = pipeline.alert(run)
        if undelivered := steps.alert_failures(result):
            raise RuntimeError(undelivered)
        return result

    @task
    def verdict(loaded: dict, alerted: dict) -> None:
        from taskrank import pipeline

        pipeline.verdict(loaded)

    run = plan()
    crawled = crawl.partial(run=run).expand(source=sources())
    loaded = load(run, crawled)
    ranked = rank(run, train_if_needed(loaded))
    verdict(loaded, alert(run, digest(run, ranked)))


taskrank_daily()
