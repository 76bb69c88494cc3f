"""The Dagster definitions load, and every table asset carries its column docs and a blocking schema check."""

from __future__ import annotations

import dagster as dg
import pytest

from pipeline.assets import BATCH_JOB, BUILD_JOB
from pipeline.assets.batches import BATCH_TABLES
from pipeline.assets.release import RELEASE_JOB
from schemas import ALL_TABLES, PUBLISHED_TABLES
from schemas.base import column_descriptions, polars_schema

# SPEC.md section 2, typed again on purpose (see tests/integration/test_schemas.py).
SPEC_TABLES = [
    "countries", "minerals", "articles", "article_texts", "rejected_inputs",
    "meeting_mentions", "participant_mentions", "restriction_mentions",
    "meetings", "meeting_participants", "people", "mineral_restrictions",
]


@pytest.fixture(scope="module")
def defs() -> dg.Definitions:
    from pipeline.definitions import defs

    return defs


@pytest.fixture(scope="module")
def specs(defs: dg.Definitions) -> dict[str, dg.AssetSpec]:
    return {spec.key.to_user_string(): spec for spec in defs.resolve_all_asset_specs()}


def test_definitions_load_as_the_webserver_loads_them(defs: dg.Definitions):
    # What `dagster dev` does when it loads the code location: every job, name clashes included.
    dg.Definitions.validate_loadable(defs)


def test_definitions_load_with_the_build_job(defs: dg.Definitions):
    job = defs.resolve_job_def(BUILD_JOB)
    assert job.name == "build"
    # The build job materialises every unpartitioned asset, the DuckDB database included (the input batches
    # it reads where their files changed), but makes no release.
    batch_keys = {dg.AssetKey(["batch", table]) for table in BATCH_TABLES}
    assert set(job.asset_layer.executable_asset_keys) == (set(defs.resolve_all_asset_keys()) - {dg.AssetKey("release")}
                                                          - batch_keys)
    assert job.executor_def.name == "in_process" and job.partitions_def is None


def test_the_batch_job_reads_batches_one_partition_each_in_processes(defs: dg.Definitions):
    job = defs.resolve_job_def(BATCH_JOB)
    assert {k.to_user_string() for k in job.asset_layer.executable_asset_keys} == {
        "batch/articles", "batch/article_texts", "batch/unreadable_inputs", "batch/extracted_meeting_mentions",
        "batch/extracted_participant_mentions", "batch/extracted_restriction_mentions", "batch/unreadable_articles"}
    assert isinstance(job.partitions_def, dg.DynamicPartitionsDefinition) and job.partitions_def.name == "batches"
    assert job.executor_def.name == "multiprocess"


def test_the_release_job_makes_only_the_release(defs: dg.Definitions):
    job = defs.resolve_job_def(RELEASE_JOB)
    assert set(job.asset_layer.executable_asset_keys) == {dg.AssetKey("release")}


def test_every_table_and_the_database_are_assets(specs: dict[str, dg.AssetSpec]):
    missing = (set(SPEC_TABLES) | set(ALL_TABLES) | {"critmin_database"}) - set(specs)
    assert missing == set()


@pytest.mark.parametrize("table", SPEC_TABLES)
def test_table_asset_documents_its_columns(specs: dict[str, dg.AssetSpec], table: str):
    spec = specs[table]
    assert spec.description, f"{table} has no description"
    schema = spec.metadata["dagster/column_schema"]
    assert isinstance(schema, dg.TableSchema)
    model = PUBLISHED_TABLES[table]
    assert [c.name for c in schema.columns] == list(polars_schema(model))
    assert {c.name: c.description for c in schema.columns} == column_descriptions(model)
    assert all(c.description and c.description.strip() for c in schema.columns)


@pytest.mark.parametrize("table", sorted(ALL_TABLES))
def test_table_asset_has_a_blocking_schema_check(defs: dg.Definitions, table: str):
    graph = defs.resolve_asset_graph()
    key = dg.AssetCheckKey(dg.AssetKey(table), "matches_schema")
    assert key in graph.asset_check_keys
    assert graph.get_check_spec(key).blocking


def test_the_folder_sensor_gets_its_folders_from_the_environment_when_it_runs(
        defs: dg.Definitions, tmp_path, monkeypatch: pytest.MonkeyPatch):
    """The definitions `make ui` loads: the sensor runs with them (no resource left to configure) and
    reads CRITMIN_INPUT at evaluation, not at import."""
    (tmp_path / "a.md").write_text("Gallium news.", encoding="utf-8")
    monkeypatch.setenv("CRITMIN_INPUT", str(tmp_path))
    monkeypatch.setenv("CRITMIN_WAREHOUSE", str(tmp_path / "warehouse"))
    with dg.build_sensor_context(definitions=defs) as context:
        result = defs.resolve_sensor_def("new_articles").evaluate_tick(context)
    assert [r.tags["critmin/new_files"] for r in result.run_requests] == ["1"]


def test_a_few_failing_articles_are_rejected_inputs_most_of_them_fail_the_build():
    from pipeline.assets.extract import extractor_is_broken

    assert [extractor_is_broken(f, n) for f, n in [(1, 1), (2, 3), (2, 100), (3, 5), (3, 7), (18, 18)]] == [
        False, False, False, True, False, True]
