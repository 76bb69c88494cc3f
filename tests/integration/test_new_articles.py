"""New articles without a command: the folder sensor asks for a build when a file arrives, and that build
extracts only the new article, reusing every other article's rows from the last build."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

from fixture_corpus import GOOD_FILES, Build
from pipeline.assets import BUILD_JOB, build_definitions
from pipeline.ingest.incremental import EXTRACTED_TABLES, extraction_log_path
from pipeline.assets.resources import CritminSettings
from pipeline.warehouse import table_path
from pipeline.warehouse import published_folder

NEW_ARTICLE = """---
title: Zimbabwe keeps its lithium at home
published: 2022-12-21
source: Critmin Test Desk
url: https://news.example.org/2022/12/zimbabwe-lithium
---
Zimbabwe banned exports of raw lithium ore on December 20, 2022. The government wants the metal
processed in the country before it is sold abroad.
"""


@pytest.fixture()
def copied(build: Build, warehouse: Path, tmp_path: Path) -> CritminSettings:
    """The session's input folder and built warehouse, copied so this test may add to them."""
    shutil.copytree(build.input_dir, tmp_path / "articles")
    shutil.copytree(warehouse, tmp_path / "warehouse", symlinks=True)
    return CritminSettings(input_dir=str(tmp_path / "articles"), warehouse_dir=str(tmp_path / "warehouse"))


def evaluate(defs: dg.Definitions, settings: CritminSettings, cursor: str | None) -> dg.SensorResult:
    sensor = defs.resolve_sensor_def("new_articles")
    with dg.build_sensor_context(cursor=cursor, definitions=defs) as context:
        return sensor.evaluate_tick(context)


def extract_counts(result: dg.ExecuteInProcessResult) -> dict:
    [materialization] = [m for m in result.asset_materializations_for_node("extract")
                         if m.asset_key == dg.AssetKey("extracted_restriction_mentions")]
    return {k: materialization.metadata[k].value for k in ("articles_extracted", "articles_reused")}


def test_the_sensor_builds_for_a_new_article_and_only_it_is_extracted(copied: CritminSettings):
    defs = build_definitions(copied)
    warehouse = copied.warehouse_path
    before = {t: pl.read_parquet(table_path(published_folder(warehouse), t)) for t in EXTRACTED_TABLES}
    log_before = pl.read_parquet(extraction_log_path(published_folder(warehouse)))
    assert log_before.height == len(GOOD_FILES)

    # Nothing new yet: the files the last build read count as seen.
    first = evaluate(defs, copied, cursor=None)
    assert first.run_requests == [] and "no new files" in first.skip_message

    (copied.input_path / "zimbabwe.md").write_text(NEW_ARTICLE, encoding="utf-8")
    tick = evaluate(defs, copied, cursor=first.cursor)
    assert len(tick.run_requests) == 1
    request = tick.run_requests[0]
    assert request.job_name in (None, BUILD_JOB) and request.tags["critmin/new_files"] == "1"

    job = defs.resolve_job_def(BUILD_JOB)
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance, tags=request.tags, run_config=request.run_config)
    assert result.success
    assert extract_counts(result) == {"articles_extracted": 1, "articles_reused": len(GOOD_FILES)}

    articles = pl.read_parquet(table_path(published_folder(warehouse), "articles"))
    new_id = articles.filter(pl.col("source_file") == "zimbabwe.md")["article_id"].item()
    log = pl.read_parquet(extraction_log_path(published_folder(warehouse)))
    assert log.height == len(GOOD_FILES) + 1
    # The old articles keep the time they were first extracted at; only the new one is recent.
    kept = log.join(log_before, on="article_id", suffix="_before")
    assert kept.height == len(GOOD_FILES)
    assert (kept["extracted_at"] == kept["extracted_at_before"]).all()
    assert log.filter(pl.col("extracted_at") > log_before["extracted_at"].max())["article_id"].to_list() == [new_id]

    # The old articles' rows are exactly the earlier ones; the new article adds its restriction.
    for table, old in before.items():
        now = pl.read_parquet(table_path(published_folder(warehouse), table))
        assert now.filter(pl.col("article_id") != new_id).equals(old), table
    restrictions = pl.read_parquet(table_path(published_folder(warehouse), "extracted_restriction_mentions"))
    new_rows = restrictions.filter(pl.col("article_id") == new_id)
    assert new_rows.select("imposing_iso3", "mineral_id").unique().rows() == [("ZWE", "lithium")]

    # The next tick has nothing new to report.
    again = evaluate(defs, copied, cursor=tick.cursor)
    assert again.run_requests == [] and "no new files" in again.skip_message


OFF_TOPIC_ARTICLE = """---
title: Late goal lifts Harwick
published: 2024-03-02
source: Critmin Test Desk
---
Harwick beat Dunmore 2-1 on Saturday, with a header in stoppage time. The sides last played in
October, when Dunmore won at home. Their coach said the squad would rest on Monday.
"""


def test_an_off_topic_article_is_kept_unread_and_a_new_on_topic_one_is_read(copied: CritminSettings):
    (copied.input_path / "football.md").write_text(OFF_TOPIC_ARTICLE, encoding="utf-8")
    (copied.input_path / "zimbabwe.md").write_text(NEW_ARTICLE, encoding="utf-8")
    job = build_definitions(copied).resolve_job_def(BUILD_JOB)
    with dg.DagsterInstance.ephemeral() as instance:
        result = job.execute_in_process(instance=instance)
    assert result.success
    # Only the Zimbabwe article is read: the match report is stopped by the gate, the rest reused.
    assert extract_counts(result) == {"articles_extracted": 1, "articles_reused": len(GOOD_FILES)}
    folder = published_folder(copied.warehouse_path)
    articles = pl.read_parquet(table_path(folder, "articles"))
    football = articles.filter(pl.col("source_file") == "football.md").row(0, named=True)
    assert football["on_topic"] is False
    assert football["off_topic_reason"].startswith("relevance gate: names no mineral")
    assert articles.filter(pl.col("source_file") != "football.md")["on_topic"].all()
    assert articles.filter(pl.col("on_topic"))["off_topic_reason"].null_count() == articles.height - 1
    for table in EXTRACTED_TABLES:
        rows = pl.read_parquet(table_path(folder, table))
        assert football["article_id"] not in rows["article_id"].to_list(), table
