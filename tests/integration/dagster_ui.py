"""The real Dagster UI for the integration tests: `dagster dev` (webserver, daemon, code server), as
`make ui` starts it, on a free port of 127.0.0.1 with its own instance folder, reading a tmp input
folder into a tmp warehouse."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pipeline.warehouse import PROJECT_ROOT

DAGSTER = Path(sys.executable).parent / "dagster"
# Loading the code (spaCy, Dagster) takes 10-30 s on a busy two-core machine.
START_TIMEOUT_S = 150

WORKSPACE_QUERY = """
query Workspace {
  workspaceOrError {
    __typename
    ... on Workspace {
      locationEntries {
        name
        loadStatus
        locationOrLoadError { __typename ... on PythonError { message } }
      }
    }
  }
}
"""


@dataclass(frozen=True)
class DagsterUI:
    url: str
    location: str
    input_dir: Path
    warehouse: Path
    log: Path

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        request = urllib.request.Request(f"{self.url}/graphql", data=body,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.load(response)
        assert "errors" not in answer, f"GraphQL errors: {answer['errors']}"
        return answer["data"]

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    """Stop `dagster dev` and the webserver, daemon and code server it started (its own process group)."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextmanager
def running_ui(root: Path, input_dir: Path) -> Iterator[DagsterUI]:
    """`dagster dev` with the project's dagster-instance.yaml in a fresh instance folder below `root`, answering
    on 127.0.0.1 once the code location has loaded; stopped on exit whatever happened."""
    home, warehouse = root / "dagster_home", root / "warehouse"
    home.mkdir(parents=True)
    warehouse.mkdir()
    shutil.copy(PROJECT_ROOT / "dagster-instance.yaml", home / "dagster.yaml")
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home), "CRITMIN_INPUT": str(input_dir),
           "CRITMIN_WAREHOUSE": str(warehouse)}
    log = root / "dagster_dev.log"
    with log.open("wb") as out:
        # As `make ui`: pyproject.toml's [tool.dagster] names the code location (critmin) and its module.
        process = subprocess.Popen(
            [str(DAGSTER), "dev", "-h", "127.0.0.1", "-p", str(port)],
            cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            ui = DagsterUI(url=f"http://127.0.0.1:{port}", location="", input_dir=input_dir,
                           warehouse=warehouse, log=log)
            yield _wait_until_loaded(ui, process)
        finally:
            _stop(process)


def _wait_until_loaded(ui: DagsterUI, process: subprocess.Popen) -> DagsterUI:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, f"dagster dev exited ({process.returncode}):\n{ui.log_tail()}"
        try:
            workspace = ui.graphql(WORKSPACE_QUERY)["workspaceOrError"]
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
            continue
        entries = workspace.get("locationEntries") or []
        for entry in entries:
            loaded = entry["locationOrLoadError"]
            if loaded and loaded["__typename"] == "PythonError":
                raise AssertionError(f"code location {entry['name']} failed to load: {loaded['message']}")
            if entry["loadStatus"] == "LOADED" and loaded:
                return DagsterUI(url=ui.url, location=entry["name"], input_dir=ui.input_dir,
                                 warehouse=ui.warehouse, log=ui.log)
        time.sleep(0.5)
    raise AssertionError(f"the Dagster UI did not load the code within {START_TIMEOUT_S} s:\n{ui.log_tail()}")
