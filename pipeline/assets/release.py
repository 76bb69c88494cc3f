"""Release stage: a versioned release of the published tables, made by the `release` job (never by
`build`), the same release `critmin release` makes."""

from pathlib import Path

import dagster as dg
from pydantic import Field

from pipeline.assets.resources import CritminSettings
from pipeline.release.release import RELEASES_DIR, ReleaseRefused, make_release
from schemas import PUBLISHED_TABLES

RELEASE_GROUP = "release"
# Not "release": a job may not share its name with an op, and the release asset's op is `release`.
RELEASE_JOB = "make_release"


class ReleaseConfig(dg.Config):
    version: str = Field(default="", description="Calendar version YEAR.MONTH.N, e.g. 2026.11.0; "
                                                 "empty for the next one of this month.")
    include_text: bool = Field(default=False, description="Ship article_texts (publishers' copyright).")
    quality: str = Field(default="", description="Quality file: the corpora scored into QUALITY.md and the floors "
                                                 "to clear; empty: $CRITMIN_QUALITY, else pipeline/release/quality.yaml.")


@dg.asset(group_name=RELEASE_GROUP, kinds={"parquet", "duckdb"}, deps=list(PUBLISHED_TABLES),
          description=f"warehouse/{RELEASES_DIR}/<version>/ and <version>.zip: every published table as "
                      "Parquet, a DuckDB database, datapackage.json, SHA256SUMS, DATA_DICTIONARY.md, "
                      "CHANGELOG.md, CITATION.cff and LICENSE-DATA. Refuses when a table fails its schema "
                      "check, is empty and should not be, or the version exists.")
def release(context: dg.AssetExecutionContext, config: ReleaseConfig, settings: CritminSettings) -> dg.MaterializeResult:
    try:
        made = make_release(settings.warehouse_path, version=config.version or None, include_text=config.include_text,
                            quality=Path(config.quality) if config.quality else None)
    except ReleaseRefused as refused:
        raise dg.Failure(description="release refused:\n" + "\n".join(refused.problems)) from None
    context.log.info(f"release {made.version} at {made.folder} and {made.archive}")
    return dg.MaterializeResult(metadata={
        "version": made.version,
        "folder": dg.MetadataValue.path(str(made.folder)),
        "archive": dg.MetadataValue.path(str(made.archive)),
        "previous": made.previous or "none",
        "rows": dg.MetadataValue.json(made.rows),
    })


release_job = dg.define_asset_job(RELEASE_JOB, selection=dg.AssetSelection.groups(RELEASE_GROUP),
                                  description="Release the tables of the last build: verify them, then write "
                                              "a versioned folder and zip under warehouse/releases/.")
