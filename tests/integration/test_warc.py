"""Web archives in the input folder: three WARC files of 315 records (pages of ours, off-topic pages, an
image, a binary page, a page with no text, bytes that are no record) yield exactly our 36 reachable pages
as articles, each broken record accounted for in rejected_inputs, and the off-topic ones counted, not stored."""

from __future__ import annotations

import contextlib
import gzip
import io
import tracemalloc
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

from pipeline.assets import BUILD_JOB, build_definitions
from pipeline.assets.resources import CritminSettings
from pipeline.cli import main
from pipeline.ingest.readers import read_corpus
from pipeline.ingest.warc import read_warc
from pipeline.warehouse import CURRENT_LINK, table_path
from warc_corpus import EXPORTERS, MINERALS, write_archives, write_warc

pytestmark = pytest.mark.integration

OURS = sorted(f"https://news.example.org/minerals/{n}.html" for n in range(36))
REJECTED = {
    "crawl-1.warc.gz:162": "WARC record is binary (NUL bytes) though called HTML; it was not read",
    "crawl-1.warc.gz:163": "WARC record holds no article text",
    "crawl-3.warc.gz:33": "WARC record 33 and any after it could not be read (ArchiveLoadFailed",
}


@pytest.fixture(scope="module")
def archives(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("archives")
    write_archives(folder)
    return folder


def test_each_file_is_counted_record_by_record(archives: Path) -> None:
    counts = {f.name: read_warc(f, f.name)[2] for f in sorted(archives.iterdir())}
    assert [(c.responses, c.articles, c.off_topic, c.not_html, c.rejected) for c in counts.values()] == [
        (142, 20, 120, 1, 2), (110, 10, 100, 0, 0), (26, 6, 20, 0, 1)]


def test_reading_the_folder_gives_exactly_our_pages_and_the_broken_records(archives: Path) -> None:
    articles, rejections = read_corpus(archives)
    assert sorted(a.url for a in articles) == OURS
    first = next(a for a in articles if a.url.endswith("/minerals/0.html"))
    assert (first.source_file, first.title, first.published.isoformat()) == (
        "crawl-1.warc.gz:2", "Gallium shipments, report 0", "2025-03-04")
    assert "China shipped 100 tonnes of gallium abroad" in first.body
    assert [r.source_file for r in rejections] == list(REJECTED)
    for rejection in rejections:
        assert rejection.reason.startswith(REJECTED[rejection.source_file])


def test_a_build_from_the_archives(archives: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse"
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = main(["build", "--input", str(archives), "--warehouse", str(warehouse), "--processes", "1"])
    assert code == 0, out.getvalue()
    articles = pl.read_parquet(table_path(warehouse / CURRENT_LINK, "articles"))
    assert sorted(articles["url"].to_list()) == OURS and articles["on_topic"].all()
    assert articles["snapshot_sha256"].null_count() == 36
    rejected = pl.read_parquet(table_path(warehouse / CURRENT_LINK, "rejected_inputs"))
    assert rejected["source_file"].to_list() == list(REJECTED)
    # Each page of ours says its exporter's licence rules slowed exports of its mineral.
    restricted = pl.read_parquet(table_path(warehouse / CURRENT_LINK, "restriction_mentions")).join(
        articles.select("article_id", "url"), on="article_id")
    iso3 = dict(zip(EXPORTERS, ("CHN", "IDN", "COD", "VNM", "CHL")))
    expected = {(f"https://news.example.org/minerals/{n}.html", iso3[EXPORTERS[n % 5]], MINERALS[n % 8])
                for n in range(36)}
    assert set(restricted.select("url", "imposing_iso3", "mineral_id").iter_rows()) == expected


def test_memory_does_not_grow_with_the_archive(tmp_path: Path) -> None:
    """Off-topic records are dropped batch by batch: four times the records (all off topic) take about the
    same peak of Python memory (measured: 0.84 MB for 300 records, 1.06 MB for 1,200)."""
    write_warc(tmp_path / "small.warc.gz", range(0), range(300), gzip=True)
    write_warc(tmp_path / "large.warc.gz", range(0), range(1200), gzip=True)
    read_warc(tmp_path / "small.warc.gz", "warm-up")  # imports and caches are not the archive's memory
    peaks = {}
    for name in ("small", "large"):
        tracemalloc.start()
        _, _, counts = read_warc(tmp_path / f"{name}.warc.gz", name)
        peaks[name] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert counts.articles == 0 and counts.off_topic == {"small": 300, "large": 1200}[name]
    assert (tmp_path / "large.warc.gz").stat().st_size > 3.5 * (tmp_path / "small.warc.gz").stat().st_size
    assert peaks["large"] < 1.5 * peaks["small"]


def test_web_archives_listed_in_a_sources_file_are_read_by_every_build(archives: Path, tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text(f"warcs: [{archives / 'crawl-2.warc'}, gone.warc.gz]\n", encoding="utf-8")
    warehouse = tmp_path / "warehouse"
    with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()):
        code = main(["build", "--sources", str(sources), "--warehouse", str(warehouse), "--processes", "1"])
    assert code == 0, out.getvalue()
    current = warehouse / CURRENT_LINK
    articles = pl.read_parquet(table_path(current, "articles"))
    assert sorted(articles["url"].to_list()) == sorted(f"https://news.example.org/minerals/{n}.html" for n in range(20, 30))
    assert articles["source_file"][0].startswith(str(archives / "crawl-2.warc") + ":")
    snapshots = pl.read_parquet(table_path(current, "raw_snapshots")).filter(pl.col("kind") == "warc")
    assert snapshots.select("outcome", "bytes").rows() == [
        ("fetched", (archives / "crawl-2.warc").stat().st_size), ("failed", None)]
    rejected = dict(pl.read_parquet(table_path(current, "rejected_inputs")).select("source_file", "reason").iter_rows())
    assert rejected == {str(tmp_path / "gone.warc.gz"): f"warc failed: WARC file {tmp_path / 'gone.warc.gz'} does "
                                                          "not exist or is not a file: check the path (relative to the "
                                                          "sources file)"}


def test_one_warc_file_given_as_input(archives: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "warehouse"
    with contextlib.redirect_stdout(io.StringIO()) as out:
        code = main(["build", "--input", str(archives / "crawl-3.warc.gz"), "--warehouse", str(warehouse),
                     "--processes", "1"])
    assert code == 0, out.getvalue()
    articles = pl.read_parquet(table_path(warehouse / CURRENT_LINK, "articles"))
    assert sorted(articles["url"].to_list()) == sorted(f"https://news.example.org/minerals/{n}.html" for n in range(30, 36))
    assert all(s.startswith("crawl-3.warc.gz:") for s in articles["source_file"])
    rejected = pl.read_parquet(table_path(warehouse / CURRENT_LINK, "rejected_inputs"))
    assert rejected["source_file"].to_list() == ["crawl-3.warc.gz:33"]


def test_the_ingest_step_reports_what_the_archives_held(archives: Path, tmp_path: Path) -> None:
    settings = CritminSettings(input_dir=str(archives), warehouse_dir=str(tmp_path / "warehouse"), processes=1)
    with dg.DagsterInstance.ephemeral() as instance:
        result = build_definitions(settings).resolve_job_def(BUILD_JOB).execute_in_process(instance=instance)
    articles = next(m for m in result.asset_materializations_for_node("ingest") if m.asset_key == dg.AssetKey("articles"))
    counts = {k: v.value for k, v in articles.metadata.items() if k.startswith("warc_")}
    # The three files' counts of test_each_file_is_counted_record_by_record, added up.
    assert counts == {"warc_files": 3, "warc_responses": 278, "warc_articles": 36, "warc_off_topic": 240,
                      "warc_not_html": 1, "warc_rejected": 3}


@pytest.mark.parametrize("name,content", [
    ("error-page.warc", b"<!doctype html><html><body><p>Too many requests</p></body></html>\n"),
    ("error-page.warc.gz", gzip.compress(b"<html><body>Access denied</body></html>\n")),
])
def test_a_web_page_saved_under_a_warc_name_is_rejected_saying_so(tmp_path: Path, name: str, content: bytes) -> None:
    """warcio reads such a file as one odd ARC record and gives nothing: without the check the file was
    silently empty. The good archive beside it is still read."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(content)
    write_warc(folder / "good.warc.gz", on_topic=range(2), off_topic=range(0), gzip=True)
    articles, rejections = read_corpus(folder)
    assert [r.source_file for r in rejections] == [name]
    assert rejections[0].reason.startswith("is not a WARC file: it starts with '<") and "Download it again" in rejections[0].reason
    assert len(articles) == 2
