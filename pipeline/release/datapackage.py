"""The Frictionless Data Package descriptor of a release and its data dictionary, generated from the
table models in `schemas/`: names, types, descriptions, constraints and keys are never typed twice."""

from __future__ import annotations

import importlib.metadata

import pandera.polars as pa
import polars as pl
import pyarrow as arrow

from schemas import PUBLISHED_TABLES
from schemas.base import TableModel, polars_schema, table_description
from schemas.keys import FOREIGN_KEYS, primary_key

DESCRIPTOR_NAME = "datapackage.json"
DATA_PACKAGE_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
DATA_AUTHOR = "The critmin contributors"
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0 International",
}


def dataset_summary() -> str:
    """One sentence on what the dataset is: the project's own summary in pyproject.toml."""
    try:
        return importlib.metadata.metadata("critmin")["Summary"]
    except importlib.metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "Critical-minerals meetings and mineral export restrictions, extracted from news articles"


def field_type(dtype: arrow.DataType) -> dict:
    """The Table Schema (Data Package v2) type of an Arrow type: how a Parquet column is described."""
    if arrow.types.is_string(dtype) or arrow.types.is_large_string(dtype) or arrow.types.is_string_view(dtype):
        return {"type": "string"}
    if arrow.types.is_integer(dtype):
        return {"type": "integer"}
    if arrow.types.is_floating(dtype):
        return {"type": "number"}
    if arrow.types.is_boolean(dtype):
        return {"type": "boolean"}
    if arrow.types.is_date(dtype):
        return {"type": "date"}
    if arrow.types.is_timestamp(dtype):
        return {"type": "datetime"}
    if arrow.types.is_list(dtype) or arrow.types.is_large_list(dtype) or arrow.types.is_list_view(dtype):
        item = field_type(dtype.value_type)
        return {"type": "list", "itemType": item["type"]}
    raise ValueError(f"Arrow type {dtype} has no Table Schema type; add it to pipeline/datapackage.py field_type")


def arrow_schema(model: type[TableModel]) -> arrow.Schema:
    """The Arrow schema a table's Parquet file has (the writer casts every table to its model)."""
    return pl.DataFrame(schema=polars_schema(model)).to_arrow().schema


def _constraints(table: str, name: str, column: pa.Column) -> dict:
    """The column's pandera checks as Table Schema constraints. A check with no Table Schema
    equivalent is an error, so no constraint is dropped from the release without anyone noticing."""
    constraints: dict = {}
    if not column.nullable:
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    for check in column.checks:
        stats = check.statistics or {}
        if check.name == "isin":
            constraints["enum"] = list(stats["allowed_values"])
        elif check.name == "str_matches":
            # Table Schema patterns always match the whole value, so the anchors are implied.
            constraints["pattern"] = stats["pattern"].removeprefix("^").removesuffix("$")
        elif check.name == "greater_than_or_equal_to":
            constraints["minimum"] = stats["min_value"]
        elif check.name == "less_than_or_equal_to":
            constraints["maximum"] = stats["max_value"]
        elif check.name == "greater_than":
            constraints["exclusiveMinimum"] = stats["min_value"]
        elif check.name == "less_than":
            constraints["exclusiveMaximum"] = stats["max_value"]
        elif check.name == "in_range":
            constraints["minimum" if stats.get("include_min", True) else "exclusiveMinimum"] = stats["min_value"]
            constraints["maximum" if stats.get("include_max", True) else "exclusiveMaximum"] = stats["max_value"]
        elif check.name == "str_length":
            if stats.get("min_value") is not None:
                constraints["minLength"] = stats["min_value"]
            if stats.get("max_value") is not None:
                constraints["maxLength"] = stats["max_value"]
        else:
            raise ValueError(f"{table}.{name}: the pandera check '{check.name}' has no Table Schema constraint; "
                             "map it in pipeline/datapackage.py _constraints")
    return constraints


def table_schema(table: str, model: type[TableModel], tables: list[str]) -> dict:
    """The Table Schema of one table: every column with its type, description and constraints,
    the primary key, and the foreign keys to those of `tables` that the release holds."""
    columns = model.to_schema().columns
    fields = []
    for field in arrow_schema(model):
        column = columns[field.name]
        fields.append({"name": field.name, **field_type(field.type), "description": column.description or "",
                       "constraints": _constraints(table, field.name, column)})
    schema: dict = {"fields": fields}
    if key := primary_key(model):
        schema["primaryKey"] = key
    foreign_keys = [
        {"fields": [column], "reference": {"resource": target, "fields": primary_key(PUBLISHED_TABLES[target])}}
        for column, target in FOREIGN_KEYS.get(table, {}).items() if target in tables
    ]
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return schema


def table_resource(table: str, model: type[TableModel], path: str, rows: int, size: int, sha256: str,
                   tables: list[str]) -> dict:
    return {
        "name": table,
        "type": "table",
        "path": path,
        "format": "parquet",
        "mediatype": PARQUET_MEDIATYPE,
        "description": table_description(model),
        "bytes": size,
        "hash": f"sha256:{sha256}",
        "rows": rows,
        "schema": table_schema(table, model, tables),
    }


def web_copies(row: dict) -> list[str]:
    """Other addresses where an article's exact text was read (input files left out)."""
    return [c for c in row.get("copy_urls") or [] if c.startswith(("http://", "https://")) and c != row["url"]]


def article_sources(articles: pl.DataFrame) -> list[dict]:
    """Every article the release was built from, as a Data Package source: publisher, headline,
    address; an article read at several addresses is listed at each."""
    sources = []
    for row in articles.sort("source", "published_date", "article_id", nulls_last=True).iter_rows(named=True):
        publisher = row["source"] or "publisher not stated"
        headline = row["title"] or row["source_file"]
        source = {"title": f"{publisher}: {headline}"}
        if row["url"]:
            source["path"] = row["url"]
        sources.append(source)
        sources += [{"title": f"{publisher}: {headline} (the same text)", "path": copy} for copy in web_copies(row)]
    return sources


def package_descriptor(version: str, created: str, resources: list[dict], sources: list[dict]) -> dict:
    return {
        "$schema": DATA_PACKAGE_PROFILE,
        "name": "critmin",
        "title": f"critmin {version}",
        "description": dataset_summary(),
        "version": version,
        "created": created,
        "licenses": [DATA_LICENSE],
        "contributors": [{"title": DATA_AUTHOR, "roles": ["creator"]}],
        "sources": sources,
        "resources": resources,
    }


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _constraint_text(constraints: dict) -> str:
    parts = []
    for key, value in constraints.items():
        if key == "required":
            continue
        if key == "enum":
            parts.append("one of " + ", ".join(f"`{v}`" for v in value))
        elif key == "pattern":
            parts.append(f"matches `{value}`")
        elif key == "unique":
            parts.append("unique")
        else:
            parts.append(f"{key} {value}")
    return "; ".join(parts)


# How to keep the rows several sources or a sure reading back, without joins.
WELL_ATTESTED = [
    "## Filter for well-attested rows",
    "",
    "Every event row (`meetings`, `meeting_participants`, `people`, `mineral_restrictions`) carries",
    "`source_count` (distinct outlets that report it; syndicated copies of one story count once),",
    "`max_confidence` (the surest of the mentions it was merged from, 0 to 1) and `first_url` (the first",
    "article that reported it, to cite). Two independent sources, or one mention read with confidence 0.8",
    "or more, is a good first filter; the evidence sentence of each mention is in the `*_mentions` tables.",
    "",
    "```sql",
    "SELECT mineral_id, action, announced_date, source_count, max_confidence, first_url",
    "FROM mineral_restrictions",
    "WHERE source_count >= 2 OR max_confidence >= 0.8",
    "```",
]


def data_dictionary(descriptor: dict) -> str:
    """DATA_DICTIONARY.md: every table and every column of the descriptor, for people."""
    lines = [
        f"# {descriptor['title']}: data dictionary",
        "",
        descriptor["description"] + ".",
        "",
        f"Generated from the table models in critmin's `schemas/`, like `{DESCRIPTOR_NAME}` (the same",
        "content, machine-readable). Every table is one Parquet file; `critmin.duckdb` holds the same tables.",
        "",
        "| table | rows | file | one row is |",
        "| --- | ---: | --- | --- |",
    ]
    for res in descriptor["resources"]:
        lines.append(f"| [`{res['name']}`](#{res['name']}) | {res['rows']} | `{res['path']}` | {_cell(res['description'])} |")
    lines += ["", *WELL_ATTESTED]
    for res in descriptor["resources"]:
        schema = res["schema"]
        lines += ["", f"## {res['name']}", "", res["description"], "",
                  f"File `{res['path']}`, {res['rows']} rows."]
        if "primaryKey" in schema:
            lines.append("Primary key: " + ", ".join(f"`{c}`" for c in schema["primaryKey"]) + ".")
        for fk in schema.get("foreignKeys", []):
            ref = fk["reference"]
            lines.append(f"Foreign key: `{fk['fields'][0]}` -> `{ref['resource']}.{ref['fields'][0]}`"
                         if len(fk["fields"]) == 1 else
                         f"Foreign key: {fk['fields']} -> `{ref['resource']}` {ref['fields']}")
        lines += ["", "| column | type | required | description | constraints |", "| --- | --- | --- | --- | --- |"]
        for field in schema["fields"]:
            kind = field["type"] + (f" of {field['itemType']}" if "itemType" in field else "")
            required = "yes" if field["constraints"].get("required") else "no"
            lines.append(f"| `{field['name']}` | {kind} | {required} | {_cell(field['description'])} | "
                         f"{_cell(_constraint_text(field['constraints']))} |")
    return "\n".join(lines) + "\n"
