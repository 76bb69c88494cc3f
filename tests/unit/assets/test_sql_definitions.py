"""The SQL stage in the Dagster definitions: each model an asset where its SQL puts it, each SQL test a
blocking check on the table it checks, and the database after every table and mart."""

from __future__ import annotations

import dagster as dg
import pytest

from pipeline.assets.sql import DATABASE_ASSET
from pipeline.marts.sql_models import MODELS, SQL_DIR, TESTS, load_models, load_tests
from schemas import PUBLISHED_TABLES

SQL_MODELS = {m.name: m for m in load_models(SQL_DIR / MODELS)}
SQL_TESTS = load_tests(SQL_DIR / TESTS, set(SQL_MODELS))


@pytest.fixture(scope="module")
def graph():
    from pipeline.definitions import defs

    return defs.resolve_asset_graph()


@pytest.mark.parametrize("name", sorted(SQL_MODELS))
def test_model_is_an_asset_downstream_of_what_it_reads(graph, name: str):
    model = SQL_MODELS[name]
    node = graph.get(dg.AssetKey(name))
    assert node.group_name == "sql"
    assert {key.to_user_string() for key in node.parent_keys} == set(model.reads)
    assert node.description == model.description
    schema = node.metadata["dagster/column_schema"]
    assert [(c.name, c.description) for c in schema.columns] == list(model.column_docs.items())
    assert all(c.type and c.type != "unknown" for c in schema.columns)  # DuckDB types, before any run


@pytest.mark.parametrize("test", SQL_TESTS, ids=lambda t: t.name)
def test_sql_test_is_a_blocking_check_on_the_table_it_checks(graph, test):
    key = dg.AssetCheckKey(dg.AssetKey(test.subject), test.name)
    assert key in graph.asset_check_keys
    spec = graph.get_check_spec(key)
    assert spec.blocking
    assert {dep.asset_key.to_user_string() for dep in spec.additional_deps} == set(test.reads) - {test.subject}


def test_database_comes_after_every_table_and_mart(graph):
    parents = {key.to_user_string() for key in graph.get(dg.AssetKey(DATABASE_ASSET)).parent_keys}
    assert parents == set(PUBLISHED_TABLES) | set(SQL_MODELS)
