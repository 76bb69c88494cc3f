"""One real build of the whole Dagster graph, shared by every integration test: the tiny input folder
of fixture_corpus.py read into a warehouse in tmp."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import dagster as dg
import pytest

from fixture_corpus import Build, write_corpus
from pipeline.assets import BUILD_JOB, build_definitions
from pipeline.cli import main
from pipeline.assets.resources import CritminSettings
from pipeline.warehouse import DEFAULT_INPUT_DIR


QUALITY_NONE = Path(__file__).with_name("quality-none.yaml")


@pytest.fixture(autouse=True, scope="session")
def releases_score_no_corpus():
    """Releases that tests not about quality make score no corpus: pipeline/release/quality.yaml would
    build every evaluation corpus each time (about a minute). test_release_quality.py passes its own file."""
    patch = pytest.MonkeyPatch()
    patch.setenv("CRITMIN_QUALITY", str(QUALITY_NONE))
    yield
    patch.undo()


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The graph built once for the whole session (spaCy loads once)."""
    input_dir = tmp_path_factory.mktemp("articles")
    write_corpus(input_dir)
    warehouse = tmp_path_factory.mktemp("warehouse")
    settings = CritminSettings(input_dir=str(input_dir), warehouse_dir=str(warehouse))
    job = build_definitions(settings).resolve_job_def(BUILD_JOB)
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance, raise_on_error=False)
    return Build(input_dir=input_dir, warehouse=warehouse, result=result)


@pytest.fixture(scope="session")
def warehouse(build: Build) -> Path:
    """The built warehouse; fails (instead of confusing errors downstream) if the run did not succeed."""
    failures = [f"{e.step_key}: {e.event_specific_data.error.message.strip()}"
                for e in build.result.all_events if e.is_step_failure]
    assert build.result.success, f"build failed: {failures}"
    return build.warehouse


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The bundled sample corpus built once through `critmin build`, as `make run` does: the warehouse
    and what the command printed."""
    warehouse = tmp_path_factory.mktemp("sample_warehouse")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["build", "--input", str(DEFAULT_INPUT_DIR), "--warehouse", str(warehouse)])
    assert code == 0, f"critmin build of the sample corpus failed:\n{printed.getvalue()}"
    return warehouse, printed.getvalue()


@pytest.fixture(scope="session")
def dagster_ui(tmp_path_factory: pytest.TempPathFactory):
    """The real Dagster UI (`dagster dev`, as `make ui` starts it) over a fixture corpus, started once
    for the UI tests and always stopped at the end of the session."""
    from dagster_ui import running_ui

    root = tmp_path_factory.mktemp("ui")
    input_dir = root / "articles"
    write_corpus(input_dir)
    with running_ui(root, input_dir) as ui:
        yield ui
