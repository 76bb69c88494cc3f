"""Columns are described once: a column that stands in several tables takes its checks and description
from schemas/fields.py, so one concept reads the same everywhere (the data dictionary, datapackage.json,
the Dagster UI)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from schemas import ALL_TABLES
from schemas.base import column_descriptions
from schemas.fields import FIELDS, field


def family(model) -> type:
    """The first model of its line: a published mention table shares its columns with the extract
    stage's table it extends, which is one definition, not two."""
    return next(c for c in reversed(model.__mro__) if c in set(ALL_TABLES.values()))


def test_every_column_in_several_tables_is_described_by_the_registry():
    tables_of = defaultdict(list)
    for table, model in ALL_TABLES.items():
        for column, description in column_descriptions(model).items():
            tables_of[column].append((family(model).__name__, description))
    registered = {entry["description"] for entry in FIELDS.values()}
    shared = {column: uses for column, uses in tables_of.items() if len({t for t, _ in uses}) > 1}
    outside = sorted((column, table) for column, uses in shared.items() for table, description in uses
                     if description not in registered)
    assert outside == []
    # One meaning, one text: where the registry has a single entry for a column, every table agrees.
    for column, uses in shared.items():
        if sum(1 for key in FIELDS if key.split(":")[0] == column) == 1:
            assert len({d for _, d in uses}) == 1, column


def test_a_table_cannot_describe_a_registered_column_its_own_way():
    with pytest.raises(ValueError, match="describe a new meaning as an entry of schemas/fields.py"):
        field("city", description="Town.")
    assert field("article_id", unique=True).unique
