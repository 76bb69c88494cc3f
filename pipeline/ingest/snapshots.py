"""Fetched pages into articles: the landing zone's snapshots read exactly as saved HTML files (no network),
and every source that could not be fetched as a rejection naming its address and the fix."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

import polars as pl

from pipeline.fetch.archives import warc_file
from pipeline.fetch.landing import landing_path, read_manifest, snapshot_path
from pipeline.ingest.formats import _read_html
from pipeline.ingest.readers import add_or_copy
from pipeline.ingest.warc import read_warc
from pipeline.ingest.records import RawArticle, Rejection, _decode_html, _Reject, _unexpected_error_reason, article_id

LOGGER = logging.getLogger(__name__)


def _read_snapshot(landing: Path, row: dict) -> RawArticle:
    path = snapshot_path(landing, row["sha256"])
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise _Reject(f"its snapshot {path} could not be read ({err.strerror}): fetch it again with "
                      "critmin fetch --refetch") from err
    article = _read_html(_decode_html(raw, row["url"]), row["url"])
    return replace(article, url=row["final_url"] or row["url"], source=article.source or row["source"],
                   snapshot_sha256=row["sha256"])


def not_fetched(manifest: pl.DataFrame) -> list[Rejection]:
    """A rejection per feed, page or sources file whose last attempt failed or was skipped (a page stored by
    an earlier attempt is still read, so it is no rejection)."""
    stored = manifest.filter((pl.col("outcome") == "fetched") & (pl.col("kind") == "page"))["url"].to_list()
    last = manifest.unique("url", keep="last", maintain_order=True)
    bad = last.filter(pl.col("outcome").is_in(["failed", "skipped"]) & ~pl.col("url").is_in(stored))
    return [Rejection(r["url"], f"{r['kind']} {r['outcome']}: {r['reason']}") for r in bad.iter_rows(named=True)]


def read_snapshots(warehouse: Path) -> tuple[list[RawArticle], list[Rejection]]:
    """Every page fetched into `warehouse`'s landing zone as an article (each body once, oldest first), and
    what could not be fetched or read; never raises for what a snapshot holds."""
    landing = landing_path(warehouse)
    manifest = read_manifest(landing)
    pages = manifest.filter((pl.col("kind") == "page") & (pl.col("outcome") == "fetched"))
    articles, rejections = [], not_fetched(manifest)
    for row in pages.unique("sha256", keep="first", maintain_order=True).iter_rows(named=True):
        try:
            articles.append(_read_snapshot(landing, row))
        except _Reject as reject:
            rejections.append(Rejection(row["url"], f"fetched page {reject.reason}"))
        except Exception as err:  # noqa: BLE001 - one odd page must never stop the run
            LOGGER.exception("%s: unexpected error while reading its snapshot", row["url"])
            rejections.append(Rejection(row["url"], _unexpected_error_reason(err)))
    return articles, rejections


def read_listed_warcs(manifest: pl.DataFrame, landing: Path) -> tuple[list[RawArticle], list[Rejection]]:
    """The articles of the web archives the sources file listed (when last recorded): a local one read where
    it lies, one listed by address from its download in landing/warcs/."""
    articles, rejections = [], []
    last = manifest.filter(pl.col("kind") == "warc").unique("url", keep="last", maintain_order=True)
    for row in last.filter(pl.col("outcome") == "fetched").iter_rows(named=True):
        address = row["url"]
        downloaded = address.startswith(("http://", "https://"))
        path = warc_file(landing, row["sha256"]) if downloaded else Path(address)
        if not path.is_file():
            rejections.append(Rejection(address, (
                f"WARC downloaded from this address is missing from {path.parent}: fetch again with --refetch"
                if downloaded else "WARC file listed in the sources file is no longer there: put it back, "
                                   "or fetch again with a sources file that leaves it out")))
            continue
        found, rejected, _ = read_warc(path, address)
        articles.extend(found)
        rejections.extend(rejected)
    return articles, rejections


def fetched_articles(warehouse: Path) -> tuple[list[RawArticle], list[Rejection]]:
    """The landing zone's articles (fetched pages, then the listed web archives' pages), a page with exactly
    the text of one already read recorded among that article's copies, and what could not be read."""
    fetched, not_read = read_snapshots(warehouse)
    archived, archive_rejections = read_listed_warcs(read_manifest(landing_path(warehouse)), landing_path(warehouse))
    merged: list[RawArticle] = []
    first_seen: dict[str, int] = {}
    for article in fetched + archived:
        add_or_copy(merged, first_seen, article)
    return merged, not_read + archive_rejections
