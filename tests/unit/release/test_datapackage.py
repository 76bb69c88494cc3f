"""The release descriptor is generated from schemas/: types, descriptions, constraints and keys;
and release versions are calendar versions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Optional

import frictionless
import pandera.polars as pa
import polars as pl
import pyarrow
import pytest

from pipeline.release.datapackage import article_sources, field_type, package_descriptor, table_resource, table_schema
from pipeline.release.release import next_version, release_versions, version_key
from schemas import PUBLISHED_TABLES
from schemas.base import TableModel, column_descriptions, polars_schema
from schemas.keys import FOREIGN_KEYS, primary_key


def test_arrow_types_map_to_table_schema_types():
    assert field_type(pyarrow.large_string()) == {"type": "string"}
    assert field_type(pyarrow.int64()) == {"type": "integer"}
    assert field_type(pyarrow.float64()) == {"type": "number"}
    assert field_type(pyarrow.bool_()) == {"type": "boolean"}
    assert field_type(pyarrow.date32()) == {"type": "date"}
    assert field_type(pyarrow.timestamp("us", tz="UTC")) == {"type": "datetime"}
    assert field_type(pyarrow.large_list(pyarrow.large_string())) == {"type": "list", "itemType": "string"}
    with pytest.raises(ValueError, match="field_type"):
        field_type(pyarrow.binary())


@pytest.mark.parametrize("table", list(PUBLISHED_TABLES))
def test_every_column_is_a_field_with_its_description(table: str):
    model = PUBLISHED_TABLES[table]
    fields = table_schema(table, model, list(PUBLISHED_TABLES))["fields"]
    assert [f["name"] for f in fields] == list(polars_schema(model))
    assert {f["name"]: f["description"] for f in fields} == column_descriptions(model)
    assert all(f["description"].strip() for f in fields)


def test_constraints_come_from_the_pandera_checks():
    countries = {f["name"]: f for f in table_schema("countries", PUBLISHED_TABLES["countries"], [])["fields"]}
    assert countries["iso3"]["constraints"] == {"required": True, "unique": True, "pattern": "[A-Z]{3}"}
    assert countries["capital"]["constraints"] == {}
    mentions = {f["name"]: f for f in table_schema(
        "restriction_mentions", PUBLISHED_TABLES["restriction_mentions"], [])["fields"]}
    assert mentions["confidence"]["constraints"] == {"required": True, "minimum": 0.0, "maximum": 1.0}
    assert mentions["action"]["constraints"] == {"required": True,
                                                 "enum": ["imposed", "expanded", "suspended", "lifted"]}


def test_a_check_without_a_table_schema_constraint_is_an_error():
    class Odd(TableModel):
        code: str = pa.Field(str_startswith="X", description="A code.")

    with pytest.raises(ValueError, match="odd.code: the pandera check 'str_startswith'"):
        table_schema("odd", Odd, [])


def test_primary_keys_come_from_the_models():
    keys = {table: primary_key(model) for table, model in PUBLISHED_TABLES.items()}
    expected = {
        "countries": ["iso3"], "minerals": ["mineral_id"], "articles": ["article_id"],
        "article_texts": ["article_id"], "rejected_inputs": [],
        "meeting_mentions": ["mention_id"], "participant_mentions": ["mention_id"],
        "restriction_mentions": ["mention_id", "mineral_id"], "meetings": ["meeting_id"],
        "meeting_participants": ["meeting_id", "participant_id"], "people": ["person_id"],
        "mineral_restrictions": ["restriction_id"],
    }
    assert {table: keys[table] for table in expected} == expected


def test_a_unique_key_that_may_be_null_is_no_primary_key():
    class Decisions(TableModel):
        mention_id: str = pa.Field(description="A mention.")
        mineral_id: Optional[str] = pa.Field(nullable=True, description="A mineral, if any.")

        class Config:
            unique = ["mention_id", "mineral_id"]

    class Required(Decisions):
        mineral_id: str = pa.Field(description="A mineral.")

    assert primary_key(Decisions) == []
    assert primary_key(Required) == ["mention_id", "mineral_id"]


def test_foreign_keys_name_columns_and_tables_that_exist():
    for table, references in FOREIGN_KEYS.items():
        assert table in PUBLISHED_TABLES
        for column, target in references.items():
            assert column in polars_schema(PUBLISHED_TABLES[table]), f"{table}.{column}"
            assert len(primary_key(PUBLISHED_TABLES[target])) == 1, target


def test_foreign_keys_to_tables_left_out_are_left_out():
    fks = table_schema("meeting_mentions", PUBLISHED_TABLES["meeting_mentions"], ["meeting_mentions", "countries"])
    assert fks["foreignKeys"] == [
        {"fields": ["country_iso3"], "reference": {"resource": "countries", "fields": ["iso3"]}},
        {"fields": ["convener_iso3"], "reference": {"resource": "countries", "fields": ["iso3"]}},
    ]


def test_descriptor_of_every_table_is_a_valid_data_package():
    tables = list(PUBLISHED_TABLES)
    resources = [table_resource(t, PUBLISHED_TABLES[t], f"{t}.parquet", 1, 100, "0" * 64, tables) for t in tables]
    descriptor = package_descriptor("2026.11.0", "2026-11-28T08:00:00Z", resources,
                                    [{"title": "Test Desk: a headline", "path": "https://news.example.org/a"}])
    report = frictionless.Package.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "note"])
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"


def test_calendar_versions():
    assert version_key("2026.11.0") == (2026, 11, 0)
    assert version_key("2026.1.12") == (2026, 1, 12)
    for bad in ("2026.011.0", "2026.13.0", "2026.11", "v2026.11.0", "2026.11.01"):
        with pytest.raises(ValueError, match="calendar version"):
            version_key(bad)


def test_next_version_counts_within_the_month(tmp_path: Path):
    today = dt.date(2026, 11, 28)
    assert next_version(tmp_path / "releases", today) == "2026.11.0"
    for name in ("2026.10.4", "2026.11.0", ".2026.11.7.partial", "notes"):
        (tmp_path / name).mkdir()
    (tmp_path / "2026.11.1.zip").write_bytes(b"")
    assert release_versions(tmp_path) == ["2026.10.4", "2026.11.0", "2026.11.1"]
    assert next_version(tmp_path, today) == "2026.11.2"
    assert next_version(tmp_path, dt.date(2026, 12, 1)) == "2026.12.0"


def test_sources_list_every_article_and_every_address_of_its_text():
    articles = pl.DataFrame({
        "article_id": ["a" * 16, "b" * 16],
        "url": ["https://news.example.org/a", None],
        "source": ["Test Desk", None],
        "title": ["Gallium under licence", None],
        "published_date": [dt.date(2023, 7, 10), None],
        "source_file": ["a.md", "notes/b.txt"],
        "copy_urls": [["https://wire.example.net/a", "copies/a.md"], []],
    })
    assert article_sources(articles) == [
        {"title": "Test Desk: Gallium under licence", "path": "https://news.example.org/a"},
        {"title": "Test Desk: Gallium under licence (the same text)", "path": "https://wire.example.net/a"},
        {"title": "publisher not stated: notes/b.txt"},
    ]
