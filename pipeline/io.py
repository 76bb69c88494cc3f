"""Parquet and DuckDB input/output for the warehouse, and the settings that say where it lies."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from schemas import ALL_TABLES, PUBLISHED_TABLES
from schemas.base import TableModel, conform

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT_DIR = PROJECT_ROOT / "warehouse" / "sample" / "articles"
DEFAULT_WAREHOUSE_DIR = PROJECT_ROOT / "warehouse"
DATABASE_NAME = "critmin.duckdb"
INTERMEDIATE_DIR = "intermediate"


class CritminSettings(dg.ConfigurableResource):
    """Where critmin reads articles and writes its tables. Defaults: the bundled sample corpus and
    `warehouse/` in the project; the environment variables CRITMIN_INPUT and CRITMIN_WAREHOUSE
    override them, and so does the launchpad in the Dagster UI."""

    input_dir: str = os.environ.get("CRITMIN_INPUT", str(DEFAULT_INPUT_DIR))
    warehouse_dir: str = os.environ.get("CRITMIN_WAREHOUSE", str(DEFAULT_WAREHOUSE_DIR))

    @property
    def input_path(self) -> Path:
        return Path(self.input_dir).expanduser().resolve()

    @property
    def warehouse_path(self) -> Path:
        return Path(self.warehouse_dir).expanduser().resolve()


def table_path(warehouse: Path, table: str) -> Path:
    if table in PUBLISHED_TABLES:
        return warehouse / f"{table}.parquet"
    return warehouse / INTERMEDIATE_DIR / f"{table}.parquet"


def _replace_atomically(path: Path, write) -> None:
    """Write through a temporary file in the same folder, then rename over the target, so a killed
    run leaves either the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def mart_path(warehouse: Path, model: str) -> Path:
    """Where a SQL model (dbt_like_sql/models/<model>.sql) writes its result: next to the published tables."""
    return warehouse / f"{model}.parquet"


def copy_query_to_parquet(relation: duckdb.DuckDBPyRelation, path: Path) -> Path:
    """Run a DuckDB query and write its result as Parquet, atomically, rows in the query's order."""
    _replace_atomically(path, lambda tmp: relation.write_parquet(str(tmp), compression="zstd"))
    return path


def write_table(df: pl.DataFrame, model: type[TableModel], path: Path) -> pl.DataFrame:
    """Cast `df` to the model's schema (declared columns, order and types) and write it as Parquet."""
    df = conform(df, model)
    _replace_atomically(path, lambda tmp: df.write_parquet(tmp, compression="zstd", statistics=True))
    return df


def read_table(warehouse: Path, table: str) -> pl.DataFrame:
    path = table_path(warehouse, table)
    if not path.exists():
        raise FileNotFoundError(f"{path}: table '{table}' has not been built; run `critmin build` first")
    return pl.read_parquet(path)


class ParquetIOManager(dg.ConfigurableIOManager):
    """Stores each asset as one Parquet file named after it, cast to its schema in `schemas/`."""

    settings: CritminSettings

    def handle_output(self, context: dg.OutputContext, obj: pl.DataFrame) -> None:
        table = context.asset_key.path[-1]
        path = table_path(self.settings.warehouse_path, table)
        df = write_table(obj, ALL_TABLES[table], path)
        context.add_output_metadata({"path": dg.MetadataValue.path(str(path)), "dagster/row_count": df.height})

    def load_input(self, context: dg.InputContext) -> pl.DataFrame:
        return read_table(self.settings.warehouse_path, context.upstream_output.asset_key.path[-1])


def build_database(warehouse: Path, tables: list[str], marts: list[str] = ()) -> Path:
    """A DuckDB file in the warehouse with one view per table, and one per SQL model's result
    (`marts`), over its Parquet file.

    Views use absolute paths so the database answers from any working directory; it is built
    next to the target and renamed over it, like the Parquet files."""
    target = warehouse / DATABASE_NAME

    def write(tmp: Path) -> None:
        tmp.unlink()  # DuckDB wants to create the file itself
        with duckdb.connect(str(tmp)) as con:
            views = [(t, table_path(warehouse, t)) for t in tables] + [(m, mart_path(warehouse, m)) for m in marts]
            for name, path in views:
                parquet = str(path.resolve()).replace("'", "''")
                con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{parquet}')")

    _replace_atomically(target, write)
    return target


def previous_ids(warehouse: Path, table: str, id_column: str, key_columns: tuple[str, ...] = ("mention_id",)
                 ) -> dict[str, str]:
    """The ids an earlier build gave each mention (key -> id), empty on a first build; the resolvers
    keep them so that adding articles never renames an event."""
    path = table_path(warehouse, table)
    if not path.exists():
        return {}
    df = pl.read_parquet(path)
    if id_column not in df.columns or any(c not in df.columns for c in key_columns):
        return {}
    key = pl.concat_str([pl.col(c) for c in key_columns], separator=":")
    return dict(df.select(key.alias("key"), pl.col(id_column)).drop_nulls().iter_rows())
