"""The whole graph built from a tiny input folder: what lands in each table, the checks, the DuckDB
database, and how `critmin build` fails on a folder that is not there."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from pathlib import Path

import duckdb
import polars as pl
import pytest

from fixture_corpus import GOOD_FILES, MEETING_SENTENCE, REJECTED, RESTRICTION_SENTENCE, Build
from pipeline.assets.checks import MENTIONS
from pipeline.cli import main
from pipeline.warehouse import CURRENT_LINK, DATABASE_NAME, table_path
from pipeline.marts.sql_models import SQL_DIR, TESTS, load_models, load_tests
from schemas import ALL_TABLES, PUBLISHED_TABLES
from schemas.base import polars_schema

pytestmark = pytest.mark.integration

MENTION_TABLES = ("meeting_mentions", "participant_mentions", "restriction_mentions")
MODELS = load_models(SQL_DIR / "models")


def read(warehouse: Path, table: str) -> pl.DataFrame:
    return pl.read_parquet(warehouse / "current" / f"{table}.parquet")


def test_run_succeeds(build: Build):
    failures = [f"{e.step_key}: {e.event_specific_data.error.message.strip()}"
                for e in build.result.all_events if e.is_step_failure]
    assert build.result.success, failures
    assert failures == []


def test_every_good_article_is_read(warehouse: Path):
    articles = read(warehouse, "articles")
    assert sorted(articles["source_file"]) == sorted(GOOD_FILES)
    assert articles.height == 5
    texts = read(warehouse, "article_texts")
    assert sorted(texts["article_id"]) == sorted(articles["article_id"])


def test_metadata_comes_from_front_matter_json_and_html(warehouse: Path):
    rows = {r["source_file"]: r for r in read(warehouse, "articles").iter_rows(named=True)}
    md = rows["good.md"]
    assert (md["title"], md["published_date"], md["source"], md["url"], md["language"]) == (
        "China puts chip metals under licence", dt.date(2023, 7, 10), "Critmin Test Desk",
        "https://news.example.org/2023/07/china-gallium-germanium", "en")
    assert (rows["plain.txt"]["title"], rows["plain.txt"]["published_date"]) == (None, None)
    assert (rows["x.jsonl:1"]["title"], rows["x.jsonl:1"]["published_date"]) == (
        "Graphite joins the list", dt.date(2023, 10, 21))
    page = rows["web/page.html"]
    assert (page["title"], page["published_date"], page["source"]) == (
        "China bans three metals for US buyers", dt.date(2024, 12, 4), "Test Ledger")


def test_html_boilerplate_is_left_out(warehouse: Path):
    texts = read(warehouse, "article_texts").join(read(warehouse, "articles"), on="article_id")
    body = texts.filter(pl.col("source_file") == "web/page.html")["body"].item()
    assert "China banned exports of gallium, germanium and antimony" in body
    assert "Copyright" not in body
    assert "Markets" not in body


def test_each_bad_input_is_rejected_once_with_its_reason(warehouse: Path):
    rejected = read(warehouse, "rejected_inputs")
    assert sorted(rejected["source_file"]) == sorted(REJECTED)  # exactly one row each, nothing else
    reasons = dict(rejected.select("source_file", "reason").iter_rows())
    for source_file, problem in REJECTED.items():
        assert problem.lower() in reasons[source_file].lower(), (source_file, reasons[source_file])


def test_every_asset_check_passed(build: Build):
    evaluations = [e.event_specific_data for e in build.result.all_events
                   if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    checked = {(ev.asset_check_key.asset_key.path[-1], ev.asset_check_key.name) for ev in evaluations}
    sql_tests = load_tests(SQL_DIR / TESTS, {m.name for m in MODELS})
    assert checked == ({(table, "matches_schema") for table in ALL_TABLES}
                       | {(test.subject, test.name) for test in sql_tests}
                       | {(table, "low_confidence_share") for table in MENTIONS}
                       | {("articles", "articles_with_no_extraction")})
    failed = [ev.asset_check_key.to_user_string() for ev in evaluations if not ev.passed]
    assert failed == []


def test_duckdb_views_answer_from_another_folder(warehouse: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)  # views must not depend on the working directory of the build
    with duckdb.connect(str(warehouse / DATABASE_NAME), read_only=True) as con:
        meetings = con.sql("SELECT * FROM meetings ORDER BY start_date")
        assert meetings.columns == list(polars_schema(PUBLISHED_TABLES["meetings"]))
        starts = [row[meetings.columns.index("start_date")] for row in meetings.fetchall()]
        assert starts == [dt.date(2023, 5, 20), dt.date(2023, 7, 8)]
        views = {name for (name,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'VIEW'").fetchall()}
        assert views == set(PUBLISHED_TABLES) | {m.name for m in MODELS}
        for table in [*PUBLISHED_TABLES, *(m.name for m in MODELS)]:
            (count,) = con.execute(f"SELECT count(*) FROM {table}").fetchone()
            assert count == read(warehouse, table).height, table


def test_restriction_sentence_gives_gallium_and_germanium(warehouse: Path):
    rows = (read(warehouse, "restriction_mentions")
            .filter(pl.col("evidence_text") == RESTRICTION_SENTENCE)
            .select("imposing_iso3", "target_iso3", "mineral_id", "measure", "action", "announced_date",
                    "date_precision")
            .sort("mineral_id"))
    assert rows.rows() == [
        ("CHN", None, "gallium", "licensing_requirement", "imposed", dt.date(2023, 7, 3), "day"),
        ("CHN", None, "germanium", "licensing_requirement", "imposed", dt.date(2023, 7, 3), "day"),
    ]
    # ...and each becomes one real-world restriction.
    restrictions = read(warehouse, "mineral_restrictions").filter(
        (pl.col("imposing_iso3") == "CHN") & (pl.col("announced_date") == dt.date(2023, 7, 3)))
    assert sorted(restrictions["mineral_id"]) == ["gallium", "germanium"]


def test_meeting_sentence_gives_a_bilateral_meeting_in_beijing(warehouse: Path):
    meeting = read(warehouse, "meeting_mentions").filter(pl.col("evidence_text") == MEETING_SENTENCE)
    assert meeting.select("meeting_format", "start_date", "city", "country_iso3").rows() == [
        ("bilateral", dt.date(2023, 7, 8), "Beijing", "CHN")]
    participants = read(warehouse, "participant_mentions").filter(
        pl.col("meeting_mention_id") == meeting["mention_id"].item())
    people = participants.filter(pl.col("participant_kind") == "person")
    assert sorted(people.select("name", "country_iso3").rows()) == [("He Lifeng", "CHN"), ("Janet Yellen", "USA")]
    assert set(participants.filter(pl.col("participant_kind") == "country")["country_iso3"]) == {"CHN", "USA"}


@pytest.mark.parametrize("table, mentions, key", [
    ("meetings", "meeting_mentions", "meeting_id"),
    ("people", "participant_mentions", "person_id"),
    ("mineral_restrictions", "restriction_mentions", "restriction_id"),
])
def test_each_event_row_says_how_well_it_is_attested(warehouse: Path, table: str, mentions: str, key: str):
    events = read(warehouse, table)
    assert events.height > 0
    assert events.filter((pl.col("source_count") < 1) | (pl.col("source_count") > pl.col("article_count"))).is_empty()
    best = read(warehouse, mentions).filter(pl.col(key).is_not_null()).group_by(key).agg(
        pl.col("confidence").max().alias("best"))
    joined = events.join(best, on=key, how="left")
    assert joined["max_confidence"].to_list() == joined["best"].to_list()
    articles = read(warehouse, "articles")
    assert set(events["first_url"].drop_nulls()) <= set(articles["url"])


@pytest.mark.parametrize("table", MENTION_TABLES)
def test_evidence_is_the_body_between_the_offsets(warehouse: Path, table: str):
    mentions = read(warehouse, table).join(read(warehouse, "article_texts"), on="article_id", how="left")
    assert mentions.height > 0, f"{table} is empty: the fixture articles should give at least one row"
    assert mentions["body"].null_count() == 0, f"{table} points to articles without text"
    wrong = [(r["mention_id"], r["evidence_text"], r["body"][r["char_start"]:r["char_end"]])
             for r in mentions.iter_rows(named=True)
             if r["body"][r["char_start"]:r["char_end"]] != r["evidence_text"]]
    assert wrong == []


def test_build_without_input_fails_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture):
    input_dir = Path("/nonexistent")
    assert not input_dir.exists()
    code = main(["build", "--input", str(input_dir), "--warehouse", str(tmp_path / "warehouse")])
    out, err = capsys.readouterr()
    assert code != 0
    assert f"input {input_dir} does not exist; pass --input with a folder of articles or one article or WARC file" in err
    assert "Traceback" not in out + err
    assert not (tmp_path / "warehouse").exists()  # nothing is written for a run that cannot start


def test_build_reads_one_article_file_given_as_input(tmp_path: Path):
    article = tmp_path / "elsewhere" / "ban.txt"
    article.parent.mkdir()
    article.write_text("Ghana banned exports of raw lithium ore on Monday, the mines ministry said.\n", encoding="utf-8")
    warehouse = tmp_path / "warehouse"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["build", "--input", str(article), "--warehouse", str(warehouse), "--processes", "1"]) == 0
    articles = pl.read_parquet(table_path(warehouse / CURRENT_LINK, "articles"))
    assert articles.select("source_file", "word_count").rows() == [("ban.txt", 13)]
    restrictions = pl.read_parquet(table_path(warehouse / CURRENT_LINK, "mineral_restrictions"))
    assert restrictions.select("imposing_iso3", "mineral_id").rows() == [("GHA", "lithium")]
    assert pl.read_parquet(table_path(warehouse / CURRENT_LINK, "rejected_inputs")).height == 0
