"""The real Dagster webserver: its GraphQL API shows every SPEC table with its column docs, and a full
build launched through the API succeeds and writes the Parquet files."""

from __future__ import annotations

import time

import polars as pl

from dagster_ui import DagsterUI
from fixture_corpus import GOOD_FILES
from pipeline.assets import BUILD_JOB
from pipeline.warehouse import table_path
from schemas import PUBLISHED_TABLES
from schemas.base import column_descriptions

# SPEC.md section 2, typed again on purpose (as in tests/unit/assets/test_definitions.py).
SPEC_TABLES = [
    "countries", "minerals", "articles", "article_texts", "rejected_inputs",
    "meeting_mentions", "participant_mentions", "restriction_mentions",
    "meetings", "meeting_participants", "people", "mineral_restrictions",
]

ASSET_NODES_QUERY = """
query AssetGraph {
  assetNodes {
    assetKey { path }
    groupName
    description
    kinds
    jobNames
    metadataEntries {
      label
      ... on TableSchemaMetadataEntry { schema { columns { name description } } }
    }
  }
}
"""

LAUNCH_RUN_MUTATION = """
mutation LaunchBuild($executionParams: ExecutionParams!) {
  launchRun(executionParams: $executionParams) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
    ... on RunConfigValidationInvalid { errors { message } }
    ... on PipelineNotFoundError { message }
  }
}
"""

RUN_QUERY = """
query Run($runId: ID!) {
  runOrError(runId: $runId) {
    __typename
    ... on Run { status }
  }
}
"""

FAILURES_QUERY = """
query Failures($runId: ID!) {
  logsForRun(runId: $runId) {
    ... on EventConnection { events { __typename ... on ExecutionStepFailureEvent { stepKey error { message } } } }
  }
}
"""

BUILD_TIMEOUT_S = 180


def test_the_asset_graph_has_every_spec_table_with_its_column_docs(dagster_ui: DagsterUI):
    nodes = {"/".join(n["assetKey"]["path"]): n for n in dagster_ui.graphql(ASSET_NODES_QUERY)["assetNodes"]}
    assert set(SPEC_TABLES) - set(nodes) == set()
    for table in SPEC_TABLES:
        node = nodes[table]
        assert node["description"], table
        assert BUILD_JOB in node["jobNames"], table
        schemas = [e["schema"] for e in node["metadataEntries"] if e["label"] == "dagster/column_schema"]
        assert len(schemas) == 1, f"{table} has no column schema in the UI"
        shown = {c["name"]: c["description"] for c in schemas[0]["columns"]}
        assert shown == column_descriptions(PUBLISHED_TABLES[table]), table
    assert nodes["articles"]["groupName"] == "ingest"
    assert nodes["meetings"]["groupName"] == "resolve"
    assert nodes["extracted_meeting_mentions"]["groupName"] == "extract"
    assert "spacy" in nodes["extracted_meeting_mentions"]["kinds"]


def launch_build(ui: DagsterUI, run_config: dict) -> tuple[str, list[tuple[str, str]]]:
    """Launch the build job through the API, wait for its end: its status and its failed steps."""
    params = {"selector": {"repositoryLocationName": ui.location, "repositoryName": "__repository__",
                           "jobName": BUILD_JOB},
              "runConfigData": run_config}
    launched = ui.graphql(LAUNCH_RUN_MUTATION, {"executionParams": params})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]
    deadline, status = time.monotonic() + BUILD_TIMEOUT_S, None
    while time.monotonic() < deadline:
        status = ui.graphql(RUN_QUERY, {"runId": run_id})["runOrError"]["status"]
        if status in ("SUCCESS", "FAILURE", "CANCELED"):
            break
        time.sleep(1)
    events = ui.graphql(FAILURES_QUERY, {"runId": run_id})["logsForRun"]["events"]
    failures = [(e["stepKey"], e["error"]["message"]) for e in events if e["__typename"] == "ExecutionStepFailureEvent"]
    return status, failures


def test_the_code_location_is_named_critmin(dagster_ui: DagsterUI):
    assert dagster_ui.location == "critmin"


def test_a_build_launched_through_the_api_writes_the_tables(dagster_ui: DagsterUI):
    status, failures = launch_build(dagster_ui, {})
    assert status == "SUCCESS", f"build ended {status}: {failures}\n{dagster_ui.log_tail()}"

    for table in SPEC_TABLES:
        assert table_path(dagster_ui.warehouse / "current", table).exists(), table
    articles = pl.read_parquet(table_path(dagster_ui.warehouse / "current", "articles"))
    assert set(articles["source_file"]) == GOOD_FILES
    restrictions = pl.read_parquet(table_path(dagster_ui.warehouse / "current", "mineral_restrictions"))
    assert restrictions.height > 0
    assert (dagster_ui.warehouse / "critmin.duckdb").exists()


def test_a_missing_input_folder_fails_with_a_message_on_the_run_page(dagster_ui: DagsterUI, tmp_path):
    missing = tmp_path / "no-such-folder"
    status, failures = launch_build(dagster_ui, {"resources": {"settings": {"config": {"input_dir": str(missing)}}}})
    assert status == "FAILURE"
    assert [step for step, _ in failures] == ["ingest"]
    message = failures[0][1]
    assert f"input folder {missing} does not exist or is not a folder" in message
    assert "Traceback" not in message


def file_states(folder) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file and link below `folder`."""
    return {str(p): (p.lstat().st_size, p.lstat().st_mtime_ns) for p in sorted(folder.rglob("*"))}


def test_a_warehouse_set_in_the_launchpad_is_the_only_one_written(dagster_ui: DagsterUI, tmp_path):
    """The launchpad's settings reach the IO manager, the assets and the checks alike: the run writes
    only into the folder it was given, and the default warehouse stays as it was, file for file."""
    default = dagster_ui.warehouse
    before = file_states(default)
    elsewhere = tmp_path / "elsewhere"
    status, failures = launch_build(dagster_ui, {"resources": {"settings": {"config": {"warehouse_dir": str(elsewhere)}}}})
    assert status == "SUCCESS", f"build ended {status}: {failures}\n{dagster_ui.log_tail()}"
    assert file_states(default) == before
    articles = pl.read_parquet(table_path(elsewhere / "current", "articles"))
    assert set(articles["source_file"]) == GOOD_FILES
    assert (elsewhere / "critmin.duckdb").is_file()
