"""The SQL stage in real Dagster runs: a new .sql file becomes an asset where its SQL puts it, and each
SQL data test fails on a table broken on purpose (it passes on the real build: test_build.py)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Callable

import dagster as dg
import duckdb
import polars as pl
import pytest

from pipeline.assets import BUILD_JOB, build_definitions
from pipeline.assets.sql import DATABASE_ASSET
from pipeline.assets.resources import CritminSettings
from pipeline.warehouse import DATABASE_NAME
from pipeline.marts.sql_models import MODELS, SQL_DIR, TESTS, load_models, load_tests, relation_path
from schemas.keys import FOREIGN_KEYS

pytestmark = pytest.mark.integration

SQL_TESTS = load_tests(SQL_DIR / TESTS, {m.name for m in load_models(SQL_DIR / MODELS)})


def copy_warehouse(warehouse: Path, tmp_path: Path) -> Path:
    """The shared build is read-only for every test; a test that writes works on a copy."""
    return Path(shutil.copytree(warehouse, tmp_path / "warehouse", symlinks=True))


def run(defs: dg.Definitions, selection: dg.AssetSelection) -> dg.ExecuteInProcessResult:
    job = dg.Definitions.merge(defs, dg.Definitions(jobs=[dg.define_asset_job("part", selection=selection)]))
    with dg.DagsterInstance.ephemeral() as instance:
        return job.resolve_job_def("part").execute_in_process(instance=instance, raise_on_error=False)


def test_a_new_sql_file_becomes_an_asset_in_the_right_place(warehouse: Path, tmp_path: Path):
    sql_dir = Path(shutil.copytree(SQL_DIR, tmp_path / "dbt_like_sql"))
    (sql_dir / MODELS / "meetings_per_country.sql").write_text(
        "-- How many meetings each country hosted.\n"
        "with hosted as (select country_iso3 from meetings where country_iso3 is not null)\n"
        "select country_iso3, count(*) as meeting_count from hosted group by country_iso3 order by country_iso3\n",
        encoding="utf-8")
    (sql_dir / MODELS / "suspended_minerals.sql").write_text(
        "select distinct mineral_id from restriction_timeline where status = 'suspended' order by mineral_id\n",
        encoding="utf-8")
    copy = copy_warehouse(warehouse, tmp_path)
    settings = CritminSettings(input_dir=str(tmp_path), warehouse_dir=str(copy))
    defs = build_definitions(settings, sql_dir=sql_dir)
    graph = defs.resolve_asset_graph()

    # Where the graph puts them: after what their SQL reads (not the CTE), before the database.
    new = graph.get(dg.AssetKey("meetings_per_country"))
    assert new.group_name == "sql"
    assert new.parent_keys == {dg.AssetKey("meetings")}
    assert new.description == "How many meetings each country hosted."
    assert [c.name for c in new.metadata["dagster/column_schema"].columns] == ["country_iso3", "meeting_count"]
    assert graph.get(dg.AssetKey("suspended_minerals")).parent_keys == {dg.AssetKey("restriction_timeline")}
    database_parents = graph.get(dg.AssetKey(DATABASE_ASSET)).parent_keys
    assert {dg.AssetKey("meetings_per_country"), dg.AssetKey("suspended_minerals")} <= database_parents
    assert dg.AssetKey("meetings_per_country") in defs.resolve_job_def(BUILD_JOB).asset_layer.executable_asset_keys
    # The default definitions do not know it: it came from the file alone.
    assert dg.AssetKey("meetings_per_country") not in build_definitions(settings).resolve_all_asset_keys()

    # And it runs: Parquet file, then a view in the database.
    result = run(defs, dg.AssetSelection.assets("meetings_per_country", "suspended_minerals", DATABASE_ASSET))
    assert result.success
    expected = (pl.read_parquet(relation_path(warehouse / "current", "meetings"))
                .filter(pl.col("country_iso3").is_not_null())
                .group_by("country_iso3").len("meeting_count").sort("country_iso3"))
    assert pl.read_parquet(copy / "current" / "meetings_per_country.parquet").rows() == expected.rows()
    with duckdb.connect(str(copy / DATABASE_NAME), read_only=True) as con:
        assert con.sql("SELECT * FROM meetings_per_country").fetchall() == expected.rows()


# How to break the tables so that exactly one row offends each SQL test. The breaks share a warehouse
# and a Dagster run: a unique key gets its first row twice, a reference or a date breaks on the last
# row, so no two breaks touch the same row. Tests that read other tables run in a second warehouse:
# in the first, a failed blocking check on such a table (articles) would skip them.
def duplicate_first_row(df: pl.DataFrame) -> pl.DataFrame:
    return pl.concat([df.head(1), df])


def set_last(column: str, value) -> Callable[[pl.DataFrame], pl.DataFrame]:
    def breaker(df: pl.DataFrame) -> pl.DataFrame:
        last = pl.int_range(pl.len()) == pl.len() - 1
        return df.with_columns(pl.when(last).then(pl.lit(value, dtype=df.schema[column])).otherwise(pl.col(column))
                               .alias(column))
    return breaker


def end_before_start(df: pl.DataFrame) -> pl.DataFrame:
    dated = pl.col("start_date").is_not_null()
    last_dated = dated & (dated.cum_sum() == dated.sum())
    return df.with_columns(pl.when(last_dated).then(pl.col("start_date") - dt.timedelta(days=1))
                           .otherwise(pl.col("end_date")).alias("end_date"))


BREAKERS: dict[str, Callable[[pl.DataFrame], pl.DataFrame]] = {
    "meetings_end_not_before_start": end_before_start,
}
# The key tests written from schemas/keys.py: each foreign key broken on the last row by a value no
# table holds ("XXX" is no ISO 3166 code).
for _table, _references in FOREIGN_KEYS.items():
    for _column, _target in _references.items():
        _name = f"{_table}_{_column.removesuffix('_id') if _column.endswith('_id') else _column}_exists"
        BREAKERS[_name] = set_last(_column, "XXX" if _column.endswith("_iso3") else "0000000000000000")


def breaker_for(name: str) -> Callable[[pl.DataFrame], pl.DataFrame]:
    if name.endswith("_unique"):
        return duplicate_first_row
    assert name in BREAKERS, f"SQL test {name} has no broken-table case: add one to BREAKERS"
    return BREAKERS[name]


def break_and_check(warehouse: Path, tmp_path: Path, tests: list) -> dict[str, dg.AssetCheckEvaluation]:
    copy = Path(shutil.copytree(warehouse, tmp_path / "warehouse", symlinks=True))
    for test in tests:
        path = relation_path(copy / "current", test.subject)
        table = pl.read_parquet(path)
        assert table.height >= 2, f"{test.subject} has under two rows in the fixture build; nothing to break"
        breaker_for(test.name)(table).write_parquet(path)
    defs = build_definitions(CritminSettings(input_dir=str(copy), warehouse_dir=str(copy)))
    result = run(defs, dg.AssetSelection.checks(*(dg.AssetCheckKey(dg.AssetKey(t.subject), t.name) for t in tests)))
    assert not result.success  # blocking checks: a failure fails the run
    evaluations = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    return {ev.asset_check_key.name: ev for ev in evaluations}


@pytest.fixture(scope="module")
def broken_run(warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dg.AssetCheckEvaluation]:
    """Every SQL test's table broken in a copy of the build, then every SQL check run on it. Tests share
    a copy unless one reads the table another breaks: a failed blocking check on a table skips the checks
    that read it."""
    groups: list[list] = []
    for test in SQL_TESTS:
        others = set(test.reads) - {test.subject}
        group = next((g for g in groups if not any(others & {t.subject} or (set(t.reads) - {t.subject}) & {test.subject}
                                                   for t in g)), None)
        if group is None:
            groups.append(group := [])
        group.append(test)
    evaluations = {}
    for group in groups:
        evaluations |= break_and_check(warehouse, tmp_path_factory.mktemp("broken"), group)
    return evaluations


@pytest.mark.parametrize("test", SQL_TESTS, ids=lambda t: t.name)
def test_sql_test_fails_on_a_broken_table(broken_run: dict[str, dg.AssetCheckEvaluation], test):
    assert test.name in broken_run, f"{test.name} did not run on the broken warehouse"
    evaluation = broken_run[test.name]
    assert evaluation.asset_check_key.asset_key == dg.AssetKey(test.subject)
    assert not evaluation.passed
    assert evaluation.metadata["offending_rows"].value == 1
