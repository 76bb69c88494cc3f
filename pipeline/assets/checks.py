"""Asset checks generated from `schemas/`: one blocking schema check per table asset."""


import dagster as dg
import pandera.errors

from pipeline.assets.metadata import markdown_preview
from pipeline.io import CritminSettings, read_table
from schemas.base import TableModel


def schema_check(table: str, model: type[TableModel]) -> dg.AssetChecksDefinition:
    """Validate the Parquet file written for `table` against its model: every column, type,
    uniqueness and value check. Blocking: a failure stops everything downstream."""

    @dg.asset_check(asset=table, name="matches_schema", blocking=True,
                    description=f"{table} matches schemas.{model.__name__}: columns, types and checks.")
    def _check(settings: CritminSettings) -> dg.AssetCheckResult:
        df = read_table(settings.warehouse_path, table)
        try:
            model.validate(df, lazy=True)
        except pandera.errors.SchemaErrors as err:
            failures = err.failure_cases
            return dg.AssetCheckResult(
                passed=False,
                severity=dg.AssetCheckSeverity.ERROR,
                description=f"{failures.height} failing values in {table}; see the failures table",
                metadata={"failure_count": failures.height,
                          "failures": dg.MetadataValue.md(markdown_preview(failures, rows=20))})
        return dg.AssetCheckResult(passed=True, metadata={"rows_checked": df.height})

    return _check


def schema_checks(tables: dict[str, type[TableModel]]) -> list[dg.AssetChecksDefinition]:
    return [schema_check(table, model) for table, model in tables.items()]
