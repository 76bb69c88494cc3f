"""Reference stage: the `countries` and `minerals` tables from our curated gazetteers."""


import dagster as dg

from pipeline.assets.metadata import column_schema, table_metadata
from pipeline.extract.gazetteers import countries_frame
from pipeline.extract.mineral_gazetteer import minerals_frame
from schemas import Countries, Minerals
from schemas.base import table_description


@dg.asset(group_name="reference", kinds={"polars", "parquet"}, description=table_description(Countries),
          metadata={"dagster/column_schema": column_schema(Countries)})
def countries() -> dg.Output:
    df = countries_frame()
    return dg.Output(df, metadata=table_metadata(df))


@dg.asset(group_name="reference", kinds={"polars", "parquet"}, description=table_description(Minerals),
          metadata={"dagster/column_schema": column_schema(Minerals)})
def minerals() -> dg.Output:
    df = minerals_frame()
    return dg.Output(df, metadata=table_metadata(df))
