"""Dagster metadata generated from `schemas/`: column docs for the UI and table previews; and the keys of
an input batch's tables, which the batch, ingest and extract assets all name."""


import dagster as dg
import polars as pl

from schemas.base import TableModel, column_descriptions, polars_schema, table_description


BATCH_PREFIX = "batch"


def batch_asset_key(table: str) -> dg.AssetKey:
    """`batch/<table>`: one table of every input batch, partitioned by batch."""
    return dg.AssetKey([BATCH_PREFIX, table])


def column_schema(model: type[TableModel]) -> dg.TableSchema:
    docs = column_descriptions(model)
    return dg.TableSchema(
        columns=[dg.TableColumn(name=name, type=str(dtype), description=docs[name])
                 for name, dtype in polars_schema(model).items()])


def asset_out(model: type[TableModel], **kwargs) -> dg.AssetOut:
    """An AssetOut whose description and column schema come from the table's model."""
    return dg.AssetOut(description=table_description(model),
                       metadata={"dagster/column_schema": column_schema(model)}, **kwargs)


def markdown_preview(df: pl.DataFrame, rows: int = 5, width: int = 60) -> str:
    """The first rows as a Markdown table, long cells cut, for the UI."""
    def cell(value) -> str:
        text = "" if value is None else str(value)
        text = text.replace("|", "\\|").replace("\n", " ")
        return text if len(text) <= width else text[: width - 1] + "…"

    head = df.head(rows)
    lines = ["| " + " | ".join(head.columns) + " |", "|" + "---|" * len(head.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in head.iter_rows()]
    return "\n".join(lines)


def table_metadata(df: pl.DataFrame) -> dict:
    return {"dagster/row_count": df.height, "preview": dg.MetadataValue.md(markdown_preview(df))}
