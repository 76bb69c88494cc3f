"""What a build may skip: new files for the sensor, and which articles are extracted again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from pipeline.ingest.incremental import LOG_SCHEMA, combine_extractions, input_files, new_files, plan_extraction

JAN1, JAN2 = dt.date(2024, 1, 1), dt.date(2024, 1, 2)
AT = dt.datetime(2024, 1, 3, tzinfo=dt.timezone.utc)


def docs(*rows) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"article_id": pl.Utf8, "published_date": pl.Date, "body": pl.Utf8}, orient="row")


def log(*rows) -> pl.DataFrame:
    return pl.DataFrame([(*r, AT) for r in rows], schema=LOG_SCHEMA, orient="row")


def test_new_files_are_the_added_and_the_changed(tmp_path: Path):
    (tmp_path / "a.md").write_text("one")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("two")
    (tmp_path / ".hidden").write_text("editor swap file")
    seen = input_files(tmp_path)
    assert set(seen) == {"a.md", "sub/b.txt"}
    (tmp_path / "c.md").write_text("three")
    (tmp_path / "a.md").write_text("one, edited")
    assert new_files(input_files(tmp_path), seen) == ["a.md", "c.md"]
    assert new_files(seen, seen) == []


def test_an_article_is_reused_only_with_the_same_extractor_and_date():
    plan = plan_extraction(docs(("a", JAN1, "A"), ("b", JAN1, "B"), ("c", None, "C"), ("d", JAN1, "D")),
                           log(("a", JAN1, "v1"), ("b", JAN2, "v1"), ("c", None, "v1"), ("d", JAN1, "v0")), "v1")
    assert sorted(plan.reused["article_id"]) == ["a", "c"]   # b: its date changed; d: older extractor
    assert sorted(plan.to_extract["article_id"]) == ["b", "d"]


def test_combined_rows_follow_the_order_of_the_articles():
    previous = pl.DataFrame({"mention_id": ["a1", "a2", "gone1", "c1"], "article_id": ["a", "a", "gone", "c"]})
    fresh = pl.DataFrame({"mention_id": ["b1", "b2"], "article_id": ["b", "b"]})
    combined = combine_extractions(docs(("c", JAN1, ""), ("b", JAN1, ""), ("a", JAN1, "")), previous,
                                   pl.Series(["a", "c"]), fresh)
    assert combined["mention_id"].to_list() == ["c1", "b1", "b2", "a1", "a2"]
