"""Dagster objects of critmin: assets per stage, their checks, and the build and release jobs."""


from pathlib import Path

import dagster as dg

from pipeline.assets import extract, ingest, reference, resolve, sql
from pipeline.assets.checks import schema_checks
from pipeline.assets.release import RELEASE_GROUP, release, release_job
from pipeline.io import CritminSettings, ParquetIOManager
from pipeline.sql_models import SQL_DIR
from schemas import ALL_TABLES

BUILD_JOB = "build"


def build_definitions(settings: CritminSettings | None = None, sql_dir: Path = SQL_DIR) -> dg.Definitions:
    """Every asset, check and job, bound to the folders in `settings` (defaults: sample corpus and warehouse/).
    `sql_dir` holds the SQL models (`models/`) and SQL data tests (`tests/`), default dbt_like_sql/."""
    settings = settings or CritminSettings()
    sql_assets, sql_checks = sql.sql_stage(sql_dir)
    assets = [*dg.load_assets_from_modules([ingest, reference, extract, resolve]), *sql_assets]
    assets = [*assets, release]
    return dg.Definitions(
        assets=assets,
        asset_checks=[*schema_checks(ALL_TABLES), *sql_checks],
        jobs=[dg.define_asset_job(BUILD_JOB, selection=dg.AssetSelection.all() - dg.AssetSelection.groups(RELEASE_GROUP),
                                  description="Build every table and the DuckDB database from the input folder.",
                                  # One process per run: spaCy and the code load once, not once per step.
                                  executor_def=dg.in_process_executor),
              release_job],
        resources={"settings": settings, "io_manager": ParquetIOManager(settings=settings)},
    )
