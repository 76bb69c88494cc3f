"""`critmin build --sources` against a news site on 127.0.0.1: fetched pages become articles that trace to
their snapshot, hostile addresses become rejected_inputs rows with the fix, raw_snapshots is published, and
a rebuild with the site gone gives the same tables."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import polars as pl
import pytest

from news_server import ARTICLES, HOSTILE, start_site, sources_yaml
from pipeline.cli import main
from pipeline.fetch.landing import landing_path, snapshot_path
from pipeline.warehouse import CURRENT_LINK, table_path

pytestmark = pytest.mark.integration

COMPARED = ("articles", "article_texts", "meetings", "mineral_restrictions", "restriction_mentions", "rejected_inputs")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def table(warehouse: Path, name: str) -> pl.DataFrame:
    df = pl.read_parquet(table_path(warehouse / CURRENT_LINK, name))
    return df.drop([c for c in ("ingested_at", "detected_at") if c in df.columns])


def test_build_from_sources_then_rebuild_offline_gives_the_same_tables(tmp_path: Path) -> None:
    site, server = start_site()
    sources = tmp_path / "sources.yaml"
    sources.write_text(sources_yaml(site.base), encoding="utf-8")
    warehouse = tmp_path / "warehouse"
    try:
        code, out, err = run("build", "--sources", str(sources), "--warehouse", str(warehouse), "--processes", "1")
    finally:
        server.shutdown()
        server.server_close()
    assert code == 0, out + err
    assert f"failed    404 {site.base}/missing.html: HTTP 404 (not found)" in err  # progress, one line per address
    assert "127.0.0.1                      4         0      0      1    3  " in out  # the summary table

    articles = table(warehouse, "articles")
    assert sorted(articles["url"].to_list()) == sorted(site.base + p for p in ARTICLES)
    snapshots = table(warehouse, "raw_snapshots")
    fetched = snapshots.filter((pl.col("outcome") == "fetched") & (pl.col("kind") == "page"))
    joined = articles.join(fetched.select("url", "sha256"), on="url")
    assert joined.height == 4 and (joined["snapshot_sha256"] == joined["sha256"]).all()
    for sha256 in articles["snapshot_sha256"]:
        assert snapshot_path(landing_path(warehouse), sha256).is_file()
    gallium = articles.filter(pl.col("url").str.ends_with("/news/gallium.html")).row(0, named=True)
    assert (gallium["title"], str(gallium["published_date"])) == ("China tightens gallium exports", "2023-07-03")
    assert snapshots.filter(pl.col("kind") == "sources").height == 1
    rejected = dict(table(warehouse, "rejected_inputs").select("source_file", "reason").iter_rows())
    assert {site.base + p for p in HOSTILE} <= set(rejected)
    assert rejected[f"{site.base}/busy.html"].startswith("page failed: HTTP 429")
    restricted = set(table(warehouse, "mineral_restrictions")["mineral_id"].to_list())
    assert {"gallium", "germanium", "cobalt"} <= restricted

    # The site is gone: a rebuild reads the snapshots alone.
    code, out, err = run("build", "--input", str(landing_path(warehouse) / "files"), "--warehouse", str(warehouse),
                         "--processes", "1")
    assert code == 0, out + err
    first_build, second_build = sorted((warehouse / "builds").iterdir())
    assert (warehouse / CURRENT_LINK).resolve() == second_build
    for name in COMPARED:
        before = pl.read_parquet(table_path(first_build, name))
        assert table(warehouse, name).equals(before.drop([c for c in ("ingested_at", "detected_at") if c in before.columns])), name


def test_bad_sources_file_is_a_rejected_input_and_the_build_goes_on(tmp_path: Path) -> None:
    sources = tmp_path / "sources.yaml"
    sources.write_text("feeds: [https://example.org/rss.xml\n", encoding="utf-8")
    warehouse = tmp_path / "warehouse"
    code, out, err = run("fetch", "--sources", str(sources), "--warehouse", str(warehouse))
    assert code == 2 and f"{sources}: is not valid YAML" in err
    code, out, err = run("build", "--sources", str(sources), "--warehouse", str(warehouse), "--processes", "1")
    assert code == 0, out + err
    rejected = table(warehouse, "rejected_inputs")
    assert rejected["source_file"].to_list() == [str(sources.resolve())]
    assert rejected["reason"][0].startswith(f"sources failed: {sources}: is not valid YAML")
    assert table(warehouse, "articles").height == 0
