"""What every critmin table model shares: strict columns coerced to the declared types, and the
helpers that turn a model into a polars schema, an Arrow schema and column docs."""

from __future__ import annotations

import polars as pl
import pandera.polars as pa


class TableModel(pa.DataFrameModel):
    """Base of every table model. The docstring of a subclass is the table's description."""

    class Config:
        strict = True  # a column not declared here is an error: no drift from the contract
        coerce = True


# Columns every mention table ends with, whatever a subclass adds after them.
TRAILING_COLUMNS = ("evidence_text", "char_start", "char_end", "confidence")


def polars_schema(model: type[TableModel]) -> pl.Schema:
    """The model's columns as polars types: declared order, the evidence columns last."""
    columns = {name: col.dtype.type for name, col in model.to_schema().columns.items()}
    ordered = [n for n in columns if n not in TRAILING_COLUMNS] + [n for n in TRAILING_COLUMNS if n in columns]
    return pl.Schema({n: columns[n] for n in ordered})


def column_descriptions(model: type[TableModel]) -> dict[str, str]:
    columns = model.to_schema().columns
    return {name: columns[name].description or "" for name in polars_schema(model)}


def table_description(model: type[TableModel]) -> str:
    return " ".join((model.__doc__ or "").split())


def empty_frame(model: type[TableModel]) -> pl.DataFrame:
    return pl.DataFrame(schema=polars_schema(model))


def frame_of(rows: list[dict], model: type[TableModel]) -> pl.DataFrame:
    """A table of the model from rows (dicts), its types read from every row: a column null in the first
    hundred rows and set later ("target_iso3" of the 101st restriction) must not stop a build."""
    return conform(pl.DataFrame(rows, infer_schema_length=None), model) if rows else empty_frame(model)


def conform(df: pl.DataFrame, model: type[TableModel]) -> pl.DataFrame:
    """Select the model's columns in declared order, cast to the declared types.

    Missing nullable columns are filled with nulls so a writer never drops a column; an extra
    column is an error (it would be undocumented)."""
    schema = polars_schema(model)
    extra = [c for c in df.columns if c not in schema]
    if extra:
        raise ValueError(f"{model.__name__}: columns not in the schema: {extra}; declare them in schemas/")
    exprs = []
    for name, dtype in schema.items():
        if name in df.columns:
            exprs.append(pl.col(name).cast(dtype))
        else:
            exprs.append(pl.lit(None, dtype=dtype).alias(name))
    return df.select(exprs) if df.height else pl.DataFrame(schema=schema)
