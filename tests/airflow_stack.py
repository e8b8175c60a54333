"""Real Airflow 3 components for a test: api-server, scheduler and dag-processor (LocalExecutor) on 127.0.0.1, with a
temporary AIRFLOW_HOME and metadata database, stopped by process group. Once up, the stack is driven and watched
through the api-server's REST API (a token from the simple auth manager), never by starting CLI processes."""

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

AIRFLOW = [sys.executable, "-m", "airflow"]
COMPONENTS = (["api-server"], ["scheduler"], ["dag-processor"])


class AirflowStack:
    def __init__(self, home: Path, dags: Path, database_url: str, extra_env: dict[str, str]) -> None:
        self.home = home
        port, log_port = _free_port(), _free_port()
        self.env = (
            os.environ
            | extra_env
            | {
                "AIRFLOW_HOME": str(home),
                "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                "AIRFLOW__CORE__DAGS_FOLDER": str(dags),
                "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
                "AIRFLOW__CORE__PARALLELISM": "4",
                "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": database_url,
                # Every component signs and checks task tokens with the one secret (64+ bytes).
                "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_urlsafe(64),
                "AIRFLOW__API__HOST": "127.0.0.1",
                "AIRFLOW__API__PORT": str(port),
                "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"http://127.0.0.1:{port}/execution/",
                "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_ALL_ADMINS": "True",
                "AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL": "5",
                "AIRFLOW__LOGGING__WORKER_LOG_SERVER_PORT": str(log_port),
            }
        )
        self.processes: list[subprocess.Popen] = []
        self.base_url = f"http://127.0.0.1:{port}"
        self.health_url = f"{self.base_url}/api/v2/monitor/health"
        self._token: str | None = None

    def start(self) -> "AirflowStack":
        self.cli("db", "migrate")
        self.cli("pools", "set", "taskrank_duckdb", "1", "one DuckDB writer at a time")
        for component in COMPONENTS:
            log = (self.home / f"{component[0]}.log").open("w")
            self.processes.append(
                subprocess.Popen(
                    AIRFLOW + component, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )  # fmt: skip
            )
            if component == ["api-server"]:
                self._wait_for_api()
        return self

    def _wait_for_api(self, timeout: float = 180) -> None:
        """The scheduler starts once the api-server answers: a task queued before it did failed its first API call."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(self.health_url, timeout=5) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"the api-server did not answer within {timeout:g}s; see {self.home}/api-server.log")
            time.sleep(1)

    def stop(self) -> None:
        for process in self.processes:
            _signal_group(process, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(10)

    def cli(self, *args: str) -> str:
        done = subprocess.run(AIRFLOW + list(args), env=self.env, capture_output=True, text=True, timeout=300)
        if done.returncode:
            raise RuntimeError(f"airflow {' '.join(args)} failed: {done.stderr[-2000:]}")
        return done.stdout

    def api(self, method: str, path: str, body: dict | None = None) -> dict:
        """One REST call as the stack's admin; the token is fetched once (simple auth manager, all admins)."""
        if self._token is None:
            with urllib.request.urlopen(f"{self.base_url}/auth/token", timeout=30) as response:
                self._token = json.load(response)["access_token"]
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.base_url}{path}", data=data, method=method)
        request.add_header("Authorization", f"Bearer {self._token}")
        request.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response)

    def unpause(self, dag_id: str) -> None:
        self.api("PATCH", f"/api/v2/dags/{dag_id}", {"is_paused": False})

    def clear(self, dag_id: str) -> None:
        """Every task of every run of the DAG cleared, as `airflow tasks clear DAG --yes` does."""
        self.api("POST", f"/api/v2/dags/{dag_id}/clearTaskInstances", {"dry_run": False, "only_failed": False})

    def runs(self, dag_id: str) -> list[dict]:
        found = self.api("GET", f"/api/v2/dags/{dag_id}/dagRuns?limit=100")["dag_runs"]
        return [{"run_id": r["dag_run_id"], "state": r["state"]} for r in found]

    def task_states(self, dag_id: str, run_id: str) -> dict[str, str | None]:
        path = f"/api/v2/dags/{dag_id}/dagRuns/{quote(run_id, safe='')}/taskInstances?limit=100"
        return {t["task_id"]: t["state"] for t in self.api("GET", path)["task_instances"]}

    def wait_for_dag(self, dag_id: str, timeout: float = 180) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.api("GET", f"/api/v2/dags/{dag_id}")
                return
            except urllib.error.HTTPError as exc:
                if exc.code != 404:
                    raise
            if time.monotonic() > deadline:
                raise TimeoutError(f"{dag_id} was not parsed within {timeout:g}s; see {self.home}/dag-processor.log")
            time.sleep(1)

    def wait_for_runs(self, dag_id: str, timeout: float = 600, at_least: int = 1) -> list[dict]:
        """Every run of the DAG once there are `at_least` and none is queued or running; a task that fails or waits to
        retry ends the wait."""
        deadline = time.monotonic() + timeout
        while True:
            runs = self.runs(dag_id)
            if len(runs) >= at_least and all(r["state"] in ("success", "failed") for r in runs):
                return runs
            for run in runs:
                states = self.task_states(dag_id, run["run_id"])
                stuck = {task: state for task, state in states.items() if state in ("failed", "up_for_retry")}
                if stuck:
                    raise RuntimeError(f"{dag_id} {run['run_id']}: {stuck}; task logs under {self.home}/logs")
            if time.monotonic() > deadline:
                raise TimeoutError(f"{dag_id} runs {runs} did not finish within {timeout:g}s; see {self.home}")
            time.sleep(2)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
