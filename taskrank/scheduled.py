"""The pipeline steps as Airflow tasks call them: plain strings in, small JSON-able summaries out."""

from dataclasses import asdict
from datetime import datetime

from taskrank import steps
from taskrank.settings import load_config


def plan(interval_end: datetime) -> dict:
    """The run's id is the data interval's date, so a re-run of the same interval loads over itself."""
    return {"run_id": interval_end.date().isoformat(), "observed_at": interval_end.isoformat()}


def sources() -> list[str]:
    return steps.enabled_sources(load_config())


def crawl(source: str, run_id: str, observed_at: str) -> dict:
    stats = steps.crawl_source(load_config(), source, run_id, datetime.fromisoformat(observed_at))
    return stats.model_dump()


def load(run_id: str) -> dict:
    return asdict(steps.load(load_config(), run_id))


def rank(run_id: str) -> dict[str, int]:
    return steps.rank(load_config(), run_id)


def digest(run_id: str) -> list[str]:
    return [str(path) for path in steps.digest(load_config(), run_id)]


def alert(run_id: str) -> dict[str, int]:
    return steps.alert(load_config(), run_id)


def train() -> dict:
    path, report = steps.train(load_config())
    return {
        "report": str(path),
        "labels": report["labels"],
        "serving_platforms": report["serving_platforms"],
        "real_pay_within_75pct": {
            platform: {k: section[k]["pay_within_75pct"] for k in ("prior", "model") if section.get(k, {}).get("rows")}
            for platform, section in report["real"]["platforms"].items()
        },
    }
