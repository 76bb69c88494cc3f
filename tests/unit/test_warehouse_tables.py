"""Warehouse I/O: writes are atomic and readable by all, frames are conformed to their model."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipeline.warehouse import read_table, table_path, write_table
from pipeline.warehouse import write_file_atomically
from schemas import Articles, MineralRestrictions, People, RejectedInputs
from schemas.base import conform, frame_of, polars_schema

NOW = dt.datetime(2024, 12, 4, 9, 0, tzinfo=dt.timezone.utc)


def articles(word_count) -> pl.DataFrame:
    return pl.DataFrame({
        "article_id": ["0123456789abcdef"],
        "url": ["https://news.example.org/a"],
        "source": ["Test Ledger"],
        "title": ["China bans three metals for US buyers"],
        "published_date": [dt.date(2024, 12, 4)],
        "language": ["en"],
        "word_count": [word_count],
        "source_file": ["a.md"],
        "story_id": ["0123456789abcdef"],
        "copy_urls": [["https://mirror.example.org/a"]],
        "on_topic": [True],
        "off_topic_reason": [None],
        "ingested_at": [NOW],
    })


def test_write_table_round_trips(tmp_path: Path):
    path = table_path(tmp_path, "articles")
    written = write_table(articles(55), Articles, path)
    assert path == tmp_path / "articles.parquet"
    assert oct(path.stat().st_mode & 0o777) == "0o644"  # whatever the umask and mkstemp's 0600
    assert read_table(tmp_path, "articles").equals(written)
    assert written["word_count"].to_list() == [55]


def test_failed_cast_leaves_the_old_file_and_no_temp_file(tmp_path: Path):
    path = tmp_path / "articles.parquet"
    write_table(articles(55), Articles, path)
    before = path.read_bytes()
    with pytest.raises(pl.exceptions.InvalidOperationError):
        write_table(articles("fifty-five"), Articles, path)  # a string in an integer column
    assert path.read_bytes() == before
    assert pl.read_parquet(path)["word_count"].to_list() == [55]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.parquet"]


def test_write_that_fails_half_way_leaves_the_old_file_and_no_temp_file(tmp_path: Path):
    path = tmp_path / "articles.parquet"
    write_table(articles(55), Articles, path)
    before = path.read_bytes()

    def write_half_then_fail(tmp: Path) -> None:
        tmp.write_bytes(before[: len(before) // 2])
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_file_atomically(path, write_half_then_fail)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.parquet"]


def test_failed_rename_leaves_no_temp_file(tmp_path: Path):
    # A folder where the file should go: the Parquet file is written, the final rename fails.
    blocked = tmp_path / "articles.parquet"
    (blocked / "something").mkdir(parents=True)
    with pytest.raises(OSError):
        write_table(articles(55), Articles, blocked)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles.parquet"]
    assert blocked.is_dir()


def test_intermediate_tables_go_to_their_own_folder(tmp_path: Path):
    assert table_path(tmp_path, "extracted_meeting_mentions") == (
        tmp_path / "intermediate" / "extracted_meeting_mentions.parquet")


def test_read_table_names_the_command_to_run(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="critmin build"):
        read_table(tmp_path, "meetings")


def test_conform_orders_and_casts_columns():
    shuffled = articles(55).select(list(reversed(articles(55).columns))).with_columns(
        pl.col("word_count").cast(pl.Int32),
        pl.col("ingested_at").dt.replace_time_zone(None),  # naive, read as UTC
    )
    out = conform(shuffled, Articles)
    assert out.columns == ["article_id", "url", "source", "title", "published_date", "language",
                           "word_count", "source_file", "snapshot_sha256", "story_id", "copy_urls", "on_topic",
                           "off_topic_reason", "ingested_at"]
    assert out.schema == polars_schema(Articles)
    assert out.row(0, named=True)["word_count"] == 55
    assert out.row(0, named=True)["ingested_at"] == NOW


def test_conform_casts_numbers_written_as_text():
    out = conform(articles("55"), Articles)
    assert out.schema["word_count"] == pl.Int64
    assert out["word_count"].to_list() == [55]


def test_conform_fills_missing_nullable_columns_with_nulls():
    out = conform(articles(55).drop("url", "title"), Articles)
    assert out.schema == polars_schema(Articles)
    assert out.select("url", "title").row(0) == (None, None)


def test_conform_rejects_unknown_columns():
    with pytest.raises(ValueError, match="columns not in the schema: \\['sentiment'\\]"):
        conform(articles(55).with_columns(sentiment=pl.lit(0.4)), Articles)


def test_conform_gives_an_empty_frame_the_model_schema():
    out = conform(pl.DataFrame({"source_file": [], "reason": []}), RejectedInputs)
    assert out.height == 0
    assert out.schema == polars_schema(RejectedInputs)


def test_conform_keeps_lists_of_names():
    people = pl.DataFrame({"person_id": ["0123456789abcdef"], "name": ["Janet Yellen"],
                           "aliases": [["Janet Yellen", "Janet L. Yellen"]], "country_iso3": ["USA"],
                           "roles": [["Treasury Secretary"]], "article_count": [2]})
    out = conform(people, People)
    assert out.schema["aliases"] == pl.List(pl.String)
    assert out["aliases"].to_list() == [["Janet Yellen", "Janet L. Yellen"]]


def test_frame_of_reads_types_from_every_row():
    # target_iso3 is null in the first 120 restrictions and set in the 121st: polars alone would take the
    # column for all-null from the first hundred rows and stop the build (found by make bench).
    rows = [{"restriction_id": f"{i:016x}", "target_iso3": None if i < 120 else "USA"} for i in range(130)]
    out = frame_of(rows, MineralRestrictions)
    assert out.height == 130
    assert out["target_iso3"].to_list()[118:122] == [None, None, "USA", "USA"]
    assert out.schema["target_iso3"] == pl.Utf8
    assert frame_of([], MineralRestrictions).columns == list(polars_schema(MineralRestrictions))
