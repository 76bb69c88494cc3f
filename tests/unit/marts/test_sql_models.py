"""SQL models and tests: what the parser says a query reads, which table a test checks, and how a bad
file is reported. Pure code, no Dagster run."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlglot

from pipeline.marts.sql_models import (
    MODELS,
    SQL_DIR,
    TESTS,
    SqlFileError,
    column_types,
    header_comment,
    load_models,
    load_tests,
    subject_table,
    tables_read,
)

# The marts of issue 5 and the tables each reads, typed by hand so the parser is checked against a reader.
MART_READS = {
    "restriction_timeline": ("countries", "mineral_restrictions", "minerals", "restriction_mentions"),
    "mineral_exposure": ("mineral_restrictions", "minerals", "restriction_mentions", "restriction_timeline"),
    "meeting_calendar": ("countries", "meeting_participants", "meetings"),
    "country_meeting_pairs": ("countries", "meeting_participants", "meetings"),
    "person_appearances": ("meeting_participants", "meetings", "people"),
}


def parse(sql: str):
    return sqlglot.parse_one(sql, read="duckdb")


def test_cte_names_are_not_tables():
    sql = """
        with staged as (select * from meetings), counted as (select count(*) from staged)
        select * from counted join people on true
    """
    assert tables_read(parse(sql)) == ("meetings", "people")


def test_import_cte_named_like_its_table_still_reads_the_table():
    assert tables_read(parse("with meetings as (select * from meetings) select * from meetings")) == ("meetings",)


def test_subqueries_count_and_table_functions_do_not():
    sql = """
        select * from mineral_restrictions
        where mineral_id not in (select mineral_id from minerals)
          and exists (select 1 from read_parquet('elsewhere.parquet'))
    """
    assert tables_read(parse(sql)) == ("mineral_restrictions", "minerals")


@pytest.mark.parametrize("sql, subject", [
    ("select * from meeting_participants where not exists (select 1 from meetings)", "meeting_participants"),
    ("with m as (select * from meetings) select * from m", "meetings"),
    ("with meetings as (select * from meetings) select * from meetings", "meetings"),
    ("select * from (select * from people) as p", "people"),
    ("select * from articles union all select * from articles", "articles"),
    ("select 1", None),
])
def test_subject_is_the_outermost_from(sql: str, subject: str | None):
    assert subject_table(parse(sql)) == subject


def test_header_comment_is_one_paragraph():
    sql = "-- Every participant row\n-- has its meeting.\n\nselect 1 -- not this\n"
    assert header_comment(sql) == "Every participant row has its meeting."


def test_the_five_marts_read_what_their_sql_reads():
    models = {m.name: m for m in load_models(SQL_DIR / MODELS)}
    assert {name: m.reads for name, m in models.items()} == MART_READS
    order = [m.name for m in load_models(SQL_DIR / MODELS)]
    assert order.index("restriction_timeline") < order.index("mineral_exposure")  # a model after what it reads


@pytest.mark.parametrize("name", sorted(MART_READS))
def test_every_mart_documents_itself_and_every_column(name: str):
    model = {m.name: m for m in load_models(SQL_DIR / MODELS)}[name]
    assert len(model.description) > 40
    assert model.columns, f"{name}: the final select must list its columns"
    assert list(model.column_docs) == list(model.columns)
    assert all(doc for doc in model.column_docs.values()), [c for c, d in model.column_docs.items() if not d]


def test_each_rule_of_issue_5_has_a_sql_test():
    """The key tests are written from schemas/ (one per primary key and per foreign key), the others by
    hand in dbt_like_sql/tests/."""
    tests = {t.name: t for t in load_tests(SQL_DIR / TESTS, set(MART_READS))}
    assert tests["people_country_iso3_exists"].reads == ("countries", "people")
    assert "where people.country_iso3 is not null and not exists" in tests["people_country_iso3_exists"].sql
    assert tests["meeting_participants_meeting_exists"].reads == ("meeting_participants", "meetings")
    assert tests["mineral_restrictions_mineral_exists"].reads == ("mineral_restrictions", "minerals")
    assert tests["meetings_end_not_before_start"].subject == "meetings"
    for table in ("meeting_mentions", "participant_mentions", "restriction_mentions"):
        assert tests[f"{table}_article_exists"].subject == table
        assert tests[f"{table}_article_exists"].reads == tuple(sorted(("articles", table)))
    unique = {t.subject for t in tests.values() if t.name.endswith("_unique")}
    assert {"countries", "minerals", "articles", "meetings", "people", "mineral_restrictions",
            "meeting_participants", "meeting_mentions", "participant_mentions", "restriction_mentions"} <= unique
    assert all(t.description for t in tests.values())


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_model_without_yaml_takes_its_header_comment(tmp_path: Path):
    write(tmp_path, "per_city.sql", "-- Meetings per city.\nselect city, count(*) as n from meetings group by city\n")
    (model,) = load_models(tmp_path)
    assert (model.name, model.reads, model.columns, model.description) == (
        "per_city", ("meetings",), ("city", "n"), "Meetings per city.")


@pytest.mark.parametrize("name, sql, message", [
    ("typo.sql", "select * from meeting", "reads ['meeting'], neither a critmin table nor a SQL model"),
    ("meetings.sql", "select * from people", "cannot be named like the table 'meetings'"),
    ("two.sql", "select 1; select 2", "holds 2 statements"),
    ("broken.sql", "select from where", "not valid DuckDB SQL"),
    ("bad-name.sql", "select 1", "use letters, digits and underscores"),
])
def test_a_bad_model_is_reported_with_its_file(tmp_path: Path, name: str, sql: str, message: str):
    path = write(tmp_path, name, sql)
    with pytest.raises(SqlFileError) as err:
        load_models(tmp_path)
    assert str(path) in str(err.value)
    assert message in str(err.value)


def test_models_that_read_each_other_in_a_cycle_are_reported(tmp_path: Path):
    write(tmp_path, "a.sql", "select * from b")
    write(tmp_path, "b.sql", "select * from a")
    with pytest.raises(SqlFileError, match="cycle"):
        load_models(tmp_path)


def test_column_docs_that_disagree_with_the_query_are_reported(tmp_path: Path):
    write(tmp_path, "per_city.sql", "select city, count(*) as n from meetings group by city")
    docs = write(tmp_path, "per_city.yml", "description: Meetings per city.\ncolumns:\n  city: The city.\n")
    with pytest.raises(SqlFileError, match=r"documents columns \['city'\] but per_city.sql selects \['city', 'n'\]") as err:
        load_models(tmp_path)
    assert str(docs) in str(err.value)


def test_a_test_without_a_table_to_check_is_reported(tmp_path: Path):
    path = write(tmp_path, "nothing.sql", "select 1 where false")
    with pytest.raises(SqlFileError, match="outermost FROM is not a table") as err:
        load_tests(tmp_path, set())
    assert str(path) in str(err.value)


def test_column_types_are_known_before_any_data(tmp_path: Path):
    write(tmp_path, "per_city.sql", "select city, count(*) as n, min(start_date) as first from meetings group by city")
    write(tmp_path, "busy_cities.sql", "select city from per_city where n > 1")
    assert column_types(load_models(tmp_path)) == {
        "per_city": {"city": "VARCHAR", "n": "BIGINT", "first": "DATE"},
        "busy_cities": {"city": "VARCHAR"},
    }


def test_a_model_that_does_not_fit_the_schemas_is_reported_with_its_file(tmp_path: Path):
    path = write(tmp_path, "per_town.sql", "select town from meetings")
    with pytest.raises(SqlFileError, match="DuckDB cannot run it on the tables of schemas/") as err:
        column_types(load_models(tmp_path))
    assert str(path) in str(err.value) and "town" in str(err.value)
