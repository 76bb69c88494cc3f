"""Dagster objects of critmin: assets per stage, their checks, the build and release jobs, and the
sensor and schedule that start builds."""


from pathlib import Path

import dagster as dg

from pipeline.assets import batches, extract, fetch, ingest, reference, resolve, sql
from pipeline.assets.automation import automations
from pipeline.assets.batches import BATCH_GROUP
from pipeline.assets.checks import plausibility_checks, schema_checks
from pipeline.assets.executors import batch_executor
from pipeline.assets.release import RELEASE_GROUP, release, release_job
from pipeline.assets.resources import CritminSettings, ParquetIOManager, WarehouseBuild
from pipeline.marts.sql_models import SQL_DIR
from schemas import ALL_TABLES

BUILD_JOB = "build"
BATCH_JOB = "read_batches"
OWNER = "team:critmin"  # shown on every asset in the UI; who to ask about a table


def build_definitions(settings: CritminSettings | None = None, sql_dir: Path = SQL_DIR,
                      executor: str | None = None) -> dg.Definitions:
    """Every asset, check and job. The `settings` resource is configured when a run is launched (the
    launchpad, run config); `settings` gives its defaults (else the sample corpus and warehouse/, or the
    environment's CRITMIN_INPUT and CRITMIN_WAREHOUSE). The IO manager, assets and checks all read the one
    settings resource through `build`, so a run writes only where its config says.
    `sql_dir` holds the SQL models (`models/`) and SQL data tests (`tests/`), default dbt_like_sql/.
    `executor` runs the batch job's steps (assets/executors.py: default $CRITMIN_EXECUTOR, else multiprocess)."""
    defaults = settings.model_dump(exclude_unset=True) if settings is not None else {}
    settings_resource = CritminSettings.configure_at_launch(**defaults)
    build = WarehouseBuild.configure_at_launch(settings=settings_resource)
    sql_assets, sql_checks = sql.sql_stage(sql_dir)
    assets = [*dg.load_assets_from_modules([fetch, batches, ingest, reference, extract, resolve]), *sql_assets]
    assets = dg.map_asset_specs(lambda spec: spec.replace_attributes(owners=[OWNER]), [*assets, release])
    unpartitioned = dg.AssetSelection.all() - dg.AssetSelection.groups(RELEASE_GROUP, BATCH_GROUP)
    build_job = dg.define_asset_job(BUILD_JOB, selection=unpartitioned,
                                    description="Build every table and the DuckDB database from the input folder "
                                                "(input batches whose files changed are read again first).",
                                    # One process per run: it holds the warehouse; spaCy and the code load once.
                                    executor_def=dg.in_process_executor)
    batch_job = dg.define_asset_job(BATCH_JOB, selection=dg.AssetSelection.groups(BATCH_GROUP),
                                    description="Read and extract input batches (one partition each); a backfill "
                                                "reads many at once. The build job then puts them together.",
                                    executor_def=batch_executor(executor))
    new_articles, daily_build = automations(build_job, settings or CritminSettings())
    poll_feeds = fetch.poll_feeds_sensor(build_job, settings or CritminSettings())
    return dg.Definitions(
        assets=assets,
        asset_checks=[*schema_checks(ALL_TABLES), *plausibility_checks(), *sql_checks],
        jobs=[build_job, batch_job, release_job],
        sensors=[new_articles, poll_feeds], schedules=[daily_build],
        resources={"settings": settings_resource, "build": build, "io_manager": ParquetIOManager(build=build)},
    )


def batch_job(executor: str | None = None) -> dg.JobDefinition:
    """The `read_batches` job, settings from the run config or the environment: what
    dg.build_reconstructable_job("pipeline.assets", "batch_job") rebuilds in each step's process, so that
    a run's steps (and the runs of a backfill) can execute in other processes or on other machines.
    `executor`: as for build_definitions (pass it as reconstructable_kwargs, so workers rebuild the same)."""
    return build_definitions(executor=executor).resolve_job_def(BATCH_JOB)
