"""SQL stage: the DuckDB database in the warehouse, with every published table queryable by name."""


import dagster as dg

from pipeline.io import DATABASE_NAME, CritminSettings, build_database
from schemas import PUBLISHED_TABLES


@dg.asset(group_name="sql", kinds={"duckdb"}, deps=list(PUBLISHED_TABLES),
          description=f"warehouse/{DATABASE_NAME}: one DuckDB view per published table over its Parquet file.")
def critmin_database(context: dg.AssetExecutionContext, settings: CritminSettings) -> dg.MaterializeResult:
    path = build_database(settings.warehouse_path, list(PUBLISHED_TABLES))
    context.log.info(f"DuckDB database with {len(PUBLISHED_TABLES)} views at {path}")
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(path)),
                                          "tables": dg.MetadataValue.json(list(PUBLISHED_TABLES))})
