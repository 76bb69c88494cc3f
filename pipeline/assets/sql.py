"""SQL stage: one asset per SQL model in `dbt_like_sql/models/`, one asset check per SQL data test in
`dbt_like_sql/tests/`, and the DuckDB database where every table and model is queryable by name.

The database asset depends on every published table and every model, so it is written once per run,
by one step, after the marts: no two steps ever hold the DuckDB file open for writing."""

import hashlib
from pathlib import Path

import dagster as dg
import polars as pl

from pipeline.assets.checks import error_result
from pipeline.assets.resources import WarehouseBuild
from pipeline.warehouse import DATABASE_NAME, mart_path, table_path
from pipeline.marts.sql_models import (
    MODELS,
    TESTS,
    SqlModel,
    SqlTest,
    column_types,
    install_macros,
    load_models,
    load_tests,
    run_model,
    run_test,
)
from schemas import PUBLISHED_TABLES

DATABASE_ASSET = "critmin_database"


def _sql_markdown(sql: str) -> dg.MetadataValue:
    return dg.MetadataValue.md(f"```sql\n{sql.strip()}\n```")


def _column_schema(model: SqlModel, types: dict[str, str]) -> dg.TableSchema:
    return dg.TableSchema(columns=[dg.TableColumn(name=name, type=dtype, description=model.column_docs.get(name))
                                   for name, dtype in types.items()])


def model_asset(model: SqlModel, types: dict[str, str]) -> dg.AssetsDefinition:
    """The model as an asset named after its file, depending on the tables and models its SQL reads."""

    @dg.asset(
        name=model.name,
        group_name="sql",
        kinds={"duckdb", "parquet"},
        deps=list(model.reads),
        description=model.description or f"SQL model {model.path.name}.",
        code_version=hashlib.sha256(model.sql.encode()).hexdigest()[:16],
        metadata={"dagster/column_schema": _column_schema(model, types), "sql": _sql_markdown(model.sql)},
    )
    def _model(context: dg.AssetExecutionContext, build: WarehouseBuild) -> dg.MaterializeResult:
        result = run_model(model, build.folder, build.previous)
        context.log.info(f"{model.name}: {result.row_count} rows to {result.path}")
        return dg.MaterializeResult(metadata={
            "path": dg.MetadataValue.path(str(result.path)),
            "dagster/row_count": result.row_count,
            "dagster/column_schema": _column_schema(model, result.column_types),
        })

    return _model


def data_test_check(test: SqlTest) -> dg.AssetChecksDefinition:
    """The test as a blocking check on the table whose rows it returns, run after every table it reads.

    Blocking, like the schema checks: each test is a rule of the dataset contract (a key is unique, a
    foreign key resolves, a date range is ordered), so a table that breaks one must not reach the
    marts, the database or a release."""

    @dg.asset_check(
        asset=test.subject,
        name=test.name,
        blocking=True,
        additional_deps=[name for name in test.reads if name != test.subject],
        description=test.description,
        metadata={"sql": _sql_markdown(test.sql)},
    )
    def _check(build: WarehouseBuild) -> dg.AssetCheckResult:
        offending = run_test(test, build.read_folder, build.previous)
        if offending.height:
            return error_result(f"{offending.height} offending rows in {test.subject} ({test.path.name})",
                                offending, count_key="offending_rows", rows_key="rows")
        return dg.AssetCheckResult(passed=True, metadata={"offending_rows": 0})

    return _check


def database_asset(models: list[SqlModel]) -> dg.AssetsDefinition:
    marts = [m.name for m in models]

    @dg.asset(
        name=DATABASE_ASSET,
        group_name="sql",
        kinds={"duckdb"},
        deps=[*PUBLISHED_TABLES, *marts],
        description=f"warehouse/{DATABASE_NAME}: one DuckDB view per published table and per SQL model, "
                    "over its Parquet file. Publishes the build: the tables of this run, all checked, become "
                    "the warehouse's current ones at once (pipeline/warehouse.py).",
    )
    def _database(context: dg.AssetExecutionContext, build: WarehouseBuild) -> dg.MaterializeResult:
        staged = build.staged
        relative = {t: table_path(Path(), t) for t in PUBLISHED_TABLES} | {m: mart_path(Path(), m) for m in marts}
        rows = {}
        for name, path in relative.items():
            full = staged.input_path(path)
            if not full.exists():
                raise dg.Failure(description=f"{full}: '{name}' was not built by this run nor an earlier one; "
                                             "materialize every asset (job `build`) to publish")
            rows[name] = pl.scan_parquet(full).select(pl.len()).collect().item()
        path = staged.publish(relative, rows, install=lambda con: install_macros(con, set(relative)))
        context.log.info(f"published build {staged.folder.name}: DuckDB database with {len(relative)} views at {path}")
        return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(path)),
                                              "build": dg.MetadataValue.path(str(staged.folder)),
                                              "tables": dg.MetadataValue.json(list(PUBLISHED_TABLES)),
                                              "marts": dg.MetadataValue.json(marts)})

    return _database


def sql_stage(sql_dir: Path) -> tuple[list[dg.AssetsDefinition], list[dg.AssetChecksDefinition]]:
    """An asset per model under `sql_dir/models/`, the database over tables and models, and a check
    per test under `sql_dir/tests/`."""
    models = load_models(sql_dir / MODELS)
    tests = load_tests(sql_dir / TESTS, {m.name for m in models})
    types = column_types(models)
    return ([*(model_asset(m, types[m.name]) for m in models), database_asset(models)],
            [data_test_check(t) for t in tests])
