"""The pipeline's order, written once: `taskrank run` calls these stages in this order and the daily DAG wires one
task to each. Stages pass run ids and small JSON-able summaries, never data; each loads the config itself unless
given one.
"""

import json
from dataclasses import asdict
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

from taskrank import crawling
from taskrank.errors import TaskrankError
from taskrank.settings import Config, load_config

# The stages in the order `taskrank run` calls them, each with the stages whose results it takes; the daily DAG wires
# one task to each along these edges (tests/test_dags.py checks both).
STAGES: dict[str, tuple[str, ...]] = {
    "sources": (),
    "plan": (),
    "crawl": ("plan", "sources"),
    "load": ("plan", "crawl"),
    "train_if_needed": ("load",),
    "rank": ("plan", "train_if_needed"),
    "digest": ("plan", "rank"),
    "alert": ("plan", "digest"),
    "verdict": ("load", "alert"),
}


def _steps() -> ModuleType:
    """The warehouse and ranking steps, imported on first use: a crawl task needs none of scikit-learn or DuckDB."""
    from taskrank import steps

    return steps


def plan(moment: datetime, recrawl: bool = False) -> dict:
    """The one run-id rule: the moment the run observes, in UTC to the second, so run ids sort in time. A scheduled
    run's moment is its data interval's end, so a re-run of an interval has the same id and loads what it landed. A
    recrawl is a new run observed now: pages fetched today are never recorded as seen on an earlier date."""
    moment = (datetime.now(UTC) if recrawl else moment).astimezone(UTC).replace(microsecond=0)
    return {"run_id": moment.strftime("%Y%m%dT%H%M%SZ"), "observed_at": moment.isoformat()}


def sources(config: Config | None = None) -> list[str]:
    """The run's sources, once the config's are known to exist and to have pages where they read them."""
    from taskrank.config_checks import check_sources

    config = config or load_config()
    check_sources(config)
    return crawling.enabled_sources(config)


def crawl(source: str, run: dict, config: Config | None = None) -> dict:
    observed_at = datetime.fromisoformat(run["observed_at"])
    return crawling.crawl_source(config or load_config(), source, run["run_id"], observed_at).model_dump()


def load(run: dict, config: Config | None = None) -> dict:
    result = _steps().load(config or load_config(), run["run_id"])
    return asdict(result) | {"unhealthy": result.unhealthy}


def train_if_needed(config: Config | None = None) -> dict | None:
    """Trains when there is no model yet or the one there no longer fits; None when the model is usable."""
    config = config or load_config()
    stale = _steps().stale_model(config)
    if stale is None:
        return None
    return train(config) | {"why": stale or "no model yet"}


def train(config: Config | None = None) -> dict:
    """The training report as its JSON file holds it (NaN as null), and where its readable form is."""
    path, _ = _steps().train(config or load_config())
    return {"report_path": str(path), "report": json.loads(path.with_name("train_report.json").read_text())}


def rank(run: dict, config: Config | None = None) -> dict[str, Any]:
    return _steps().rank(config or load_config(), run["run_id"])


def digest(run: dict | None = None, config: Config | None = None) -> list[str]:
    """Each profile's digest files for the run, by default the newest ranked one."""
    return [str(path) for path in _steps().digest(config or load_config(), run["run_id"] if run else None)]


def alert(run: dict, config: Config | None = None) -> dict[str, dict[str, int]]:
    return _steps().alert(config or load_config(), run["run_id"])


def verdict(loaded: dict) -> None:
    """The run fails, after ranking and digests are written from what earlier runs found, when every source it
    crawled (rate cards aside) failed or broke."""
    crawled = [s for s in loaded["source_runs"] if s["mode"] != "catalog"]
    if crawled and all(s["health"] in ("failed", "broken") for s in crawled):
        raise TaskrankError("every source failed or broke; the ranked table holds only what earlier runs found")
