"""Dagster objects of critmin: assets per stage, their checks, and the build and release jobs."""


import dagster as dg

from pipeline.assets import extract, ingest, reference, resolve, sql
from pipeline.assets.checks import schema_checks
from pipeline.assets.release import RELEASE_GROUP, release, release_job
from pipeline.io import CritminSettings, ParquetIOManager
from schemas import ALL_TABLES

BUILD_JOB = "build"


def build_definitions(settings: CritminSettings | None = None) -> dg.Definitions:
    """Every asset, check and job, bound to the folders in `settings` (defaults: sample corpus and warehouse/)."""
    settings = settings or CritminSettings()
    assets = dg.load_assets_from_modules([ingest, reference, extract, resolve, sql])
    assets = [*assets, release]
    return dg.Definitions(
        assets=assets,
        asset_checks=schema_checks(ALL_TABLES),
        jobs=[dg.define_asset_job(BUILD_JOB, selection=dg.AssetSelection.all() - dg.AssetSelection.groups(RELEASE_GROUP),
                                  description="Build every table and the DuckDB database from the input folder."),
              release_job],
        resources={"settings": settings, "io_manager": ParquetIOManager(settings=settings)},
    )
