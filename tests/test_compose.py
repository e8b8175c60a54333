"""docker-compose.yml cannot start here (no engine): check its structure and that versions follow the lock."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def locked(package: str) -> str:
    match = re.search(rf"^{package}==([\w.]+)$", (ROOT / "requirements.lock").read_text(), re.MULTILINE)
    assert match, f"{package} missing from requirements.lock"
    return match.group(1)


def test_services_for_celery_scale_out():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"postgres", "redis", "airflow-init", "airflow-apiserver", "airflow-scheduler", "airflow-worker"} <= set(
        services
    )
    worker = services["airflow-worker"]
    assert worker["environment"]["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert "taskrank_duckdb 1" in services["airflow-init"]["command"]
    assert not any(
        value and "cookie" in key.lower() and not value.startswith("${") for key, value in worker["environment"].items()
    ), "credentials must come from the host environment, never the file"


def test_image_follows_the_locked_airflow_and_python():
    tag = f"{locked('apache-airflow')}-python3.11"
    assert f"FROM apache/airflow:{tag}" in (ROOT / "Dockerfile").read_text()
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert compose["services"]["airflow-worker"]["image"].endswith(f":{tag}")
